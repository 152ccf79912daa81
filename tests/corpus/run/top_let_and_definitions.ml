(* Top-level `let ... and ...`; the bindings are evaluated left to right. *)
let a = (print_string "A"; 1) and b = (print_string "B"; 2) and c = (print_string "C"; 3)
let () = print_int (a + b + c); print_newline ()
