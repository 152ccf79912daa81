(* int_of_string "1e3" raises Failure "int_of_string". *)
let () = print_string "before "
let () = print_int (int_of_string "1e3")
let () = print_string "never printed"
