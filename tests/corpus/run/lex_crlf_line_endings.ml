let a = 1
let b = 2
(* a comment
   over lines *)
let () = print_int (a + b)
let () = print_string "x\
   y"
;;
print_newline ()
