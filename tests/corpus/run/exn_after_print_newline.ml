(* Lines printed with print_newline and unflushed text both appear before the error. *)
let () = print_string "line"; print_newline (); print_string "unflushed"
let () = ignore (String.sub "abc" 2 2)
