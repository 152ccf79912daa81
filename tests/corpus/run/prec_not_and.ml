(* `not a && b` is `(not a) && b`. *)
let () = print_string (string_of_bool (not false && false)); print_newline ()
let () = print_string (string_of_bool (not true || true)); print_newline ()
let () = print_string (string_of_bool (not (true && false))); print_newline ()
