(* Arguments are evaluated right to left, and the function expression last. *)
let p = print_string
let g x y = x + y
let () = ignore ((p "F"; g) (p "A"; 1) (p "B"; 2)); print_newline ()
let f a b c = a + b + c
let () = ignore (f (p "1"; 1) (p "2"; 2) (p "3"; 3)); print_newline ()
