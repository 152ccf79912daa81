(* Even min_int divided by zero raises. *)
let () = print_int (min_int / 2); print_string " "
let () = print_int (min_int / 0)
