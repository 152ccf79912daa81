(* int_of_string "abc" raises Failure "int_of_string". *)
let () = print_string "before "
let () = print_int (int_of_string "abc")
let () = print_string "never printed"
