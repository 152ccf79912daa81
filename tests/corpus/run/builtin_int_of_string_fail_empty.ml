(* int_of_string "" raises Failure "int_of_string". *)
let () = print_string "before "
let () = print_int (int_of_string "")
let () = print_string "never printed"
