(* All arguments are evaluated before the call, even when the function returns a function. *)
let p = print_string
let f x = p "f"; fun y -> p "g"; x + y
let () = print_int (f (p "A"; 1) (p "B"; 2)); print_newline ()
let () = ignore ((p "F"; f (p "A"; 1)) (p "B"; 2)); print_newline ()
let h = (p "F"; f) (p "A"; 1)
let () = ignore (h (p "B"; 2)); print_newline ()
