(* `begin e end` is `(e)`; `begin end` is `()`. *)
let () = print_int (begin 1 + 2 end * 3)
let () = begin end
let u = begin end
let () = u
let () = print_string begin "x" end
let () = begin print_string "y"; print_string "z" end
let () = print_newline ()
