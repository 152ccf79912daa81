(* int_of_string "0b2" raises Failure "int_of_string". *)
let () = print_string "before "
let () = print_int (int_of_string "0b2")
let () = print_string "never printed"
