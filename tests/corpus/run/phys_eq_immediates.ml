(* `==` and `!=` behave like `=` and `<>` on ints, booleans and unit. *)
let pb b = print_string (string_of_bool b); print_string " "
let () = pb (1 == 1); pb (1 != 1); pb (1 == 2); pb (max_int + 1 == min_int)
let () = pb (true == true); pb (true != false); pb (() == ()); pb (() != ())
let () = print_newline ()
