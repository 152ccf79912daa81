(* Booleans as values: bound, passed, compared, printed. *)
let t = true
let f = false
let xor a b = a <> b
let () = print_string (string_of_bool (xor t f)); print_string " "
let () = print_string (string_of_bool (xor t t)); print_string " "
let choose b = if b then "yes" else "no"
let () = print_string (choose t ^ choose f); print_newline ()
