(* Built-in names are ordinary values: later definitions shadow them. *)
let print_int x = print_string ("<" ^ string_of_int x ^ ">")
let () = print_int 5
let max_int = 7
let () = print_int max_int
let succ x = x + 100
let () = print_int (succ 1)
let () = print_newline ()
