(* `let x = e1 and y = e2 in` evaluates e1 before e2. *)
let p = print_string
let () = let x = (p "A"; 1) and y = (p "B"; 2) in print_int (x + y); print_newline ()
