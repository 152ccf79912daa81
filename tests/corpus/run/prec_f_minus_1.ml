(* Application arguments are level-1: `f x -1` is `(f x) - 1`, not `f x (-1)`. *)
let f x = x * 10
let () = print_int (f 5 -1); print_newline ()
let () = print_int (f 5 - 1); print_newline ()
let () = print_int (f (-1)); print_newline ()
let g x y = x * 100 + y
let () = print_int (g 1 (-2)); print_newline ()
let () = print_int (g 1 2 -3); print_newline ()
