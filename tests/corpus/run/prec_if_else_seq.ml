(* `if c then a else b; d` is `(if c then a else b); d`. *)
let () = if true then print_string "A" else print_string "B"; print_string "D"
let () = print_newline ()
let () = if false then print_string "A" else print_string "B"; print_string "D"
let () = print_newline ()
