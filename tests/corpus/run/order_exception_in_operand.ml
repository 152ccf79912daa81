(* The right operand runs first, so its exception stops the left one from running. *)
let p = print_string
let () = print_int ((p "left"; 1) + (p "right "; failwith "from the right"))
