(* int_of_string "-4611686018427387905" raises Failure "int_of_string". *)
let () = print_string "before "
let () = print_int (int_of_string "-4611686018427387905")
let () = print_string "never printed"
