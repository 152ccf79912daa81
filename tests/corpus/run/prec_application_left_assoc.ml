(* Application is left-associative: `f a b` is `(f a) b`. *)
let add3 a b c = a * 100 + b * 10 + c
let () = print_int (add3 1 2 3); print_newline ()
let () = print_int ((add3 1) 2 3); print_newline ()
let () = print_int (((add3 1) 2) 3); print_newline ()
let () = print_int (succ (succ 1)); print_newline ()
let () = print_int (String.length "abc" + 1); print_newline ()
