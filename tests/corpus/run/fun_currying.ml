(* Functions are curried: every multi-parameter function can be partially applied. *)
let add x y = x + y
let add5 = add 5
let () = print_int (add5 10); print_newline ()
let add3 a b c = a + b + c
let p1 = add3 1
let p2 = p1 2
let () = print_int (p2 3); print_newline ()
let () = print_int (p1 10 20); print_newline ()
let f = fun a -> fun b -> a * b
let () = print_int (f 6 7); print_newline ()
let g = fun a b -> a - b
let () = print_int ((g 10) 4); print_newline ()
