(* `|>` is level 7, left-associative, at the same level as comparisons. *)
let () = 1 + 2 |> string_of_int |> print_string
let () = print_newline ()
let () = "a" ^ "b" |> print_string
let () = print_newline ()
let () = print_string (string_of_bool (3 |> succ = 4))
let () = print_newline ()
let () = print_int (3 |> succ = 4 |> compare true)
let () = print_newline ()
let add x y = x + y
let () = 5 |> add 10 |> print_int
let () = print_newline ()
