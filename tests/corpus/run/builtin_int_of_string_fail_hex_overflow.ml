(* int_of_string "0x8000000000000000" raises Failure "int_of_string". *)
let () = print_string "before "
let () = print_int (int_of_string "0x8000000000000000")
let () = print_string "never printed"
