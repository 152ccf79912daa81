(* Arguments are evaluated right to left: the raising right argument stops the others. *)
let f a b = a + b
let () = print_int (f (print_string "left never printed"; 1) (print_string "right "; 1 / 0))
