(* false < true; unit is always equal to itself. *)
let pb b = print_string (string_of_bool b); print_string " "
let () = pb (false < true); pb (true < false); pb (true = true); pb (false <> true)
let () = pb (() = ()); pb (() < ()); pb (() <= ()); pb (() <> ())
let () = print_newline ()
let () = print_int (compare false true); print_int (compare true false)
let () = print_int (compare true true); print_int (compare () ())
let () = print_newline ()
