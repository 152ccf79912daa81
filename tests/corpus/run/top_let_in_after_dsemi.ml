(* After `;;`, a `let` followed by `in` is an expression. *)
let a = 1;;
let b = 2 in print_int (a + b);;
let c = 3;;
let () = print_int c
;; print_newline ()
