(* `- f x` is `-(f x)`. *)
let f x = x + 1
let () = print_int (- f 3); print_newline ()
let () = print_int (-f 3); print_newline ()
let () = print_int (2 - f 3); print_newline ()
let () = print_int (- succ (-10)); print_newline ()
