(* Built-ins are first-class values: passed, partially applied, piped. *)
let apply f x = f x
let twice f x = f (f x)
let () = apply print_string "via apply"; print_newline ()
let () = print_int (twice succ 5); print_newline ()
let () = print_int (twice abs (-3)); print_newline ()
let cmp = compare
let () = print_int (cmp 2 1); print_newline ()
let m = max 10
let () = print_int (m 3 + m 20); print_newline ()
let sub = String.sub
let () = print_string (sub "abcdef" 2 3); print_newline ()
let () = "xyz" |> print_endline
let () = print_endline @@ string_of_bool @@ not @@ true
