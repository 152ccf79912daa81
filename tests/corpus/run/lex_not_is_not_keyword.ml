(* `not` is an ordinary built-in: it can be shadowed and passed around. *)
let negate = not
let () = print_string (string_of_bool (negate true))
let () = print_string (string_of_bool (not (not true)))
let not x = x
let () = print_string (string_of_bool (not true))
let () = print_newline ()
