(* int_of_string "12 " raises Failure "int_of_string". *)
let () = print_string "before "
let () = print_int (int_of_string "12 ")
let () = print_string "never printed"
