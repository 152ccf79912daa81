(* Inside an if branch a `let` swallows `; b`, so the `else` still belongs to the `if`. *)
let () = if true then let x = 1 in print_int x; print_string "b" else print_string "d"
let () = print_newline ()
let () = if false then let x = 1 in print_int x; print_string "b" else print_string "d"
let () = print_newline ()
