(* int_of_string "0u9223372036854775808" raises Failure "int_of_string". *)
let () = print_string "before "
let () = print_int (int_of_string "0u9223372036854775808")
let () = print_string "never printed"
