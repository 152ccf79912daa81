(* `if c then a; b` is `(if c then a); b`. *)
let () = if false then print_string "A"; print_string "B"
let () = print_newline ()
let () = if true then print_string "C"; print_string "D"
let () = print_newline ()
