(* A dangling `else` binds to the nearest `if`. *)
let () = if true then if false then print_string "a" else print_string "b"
let () = if false then if true then print_string "c" else print_string "d"
let () = print_string "|"
let () = if true then (if false then print_string "e") else print_string "f"
let () = print_newline ()
