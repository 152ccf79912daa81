(**) let () = print_string "a" (***)
let () = (* in the middle *) print_string (* of an expression *) "b"
(* a comment with operator chars: + - * / ** *** ->  *)
let () = print_string "c" (* end of line *)
(* multi
   line
   comment *)
let () = print_newline ()
