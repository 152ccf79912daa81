(* unit is a value: it can be bound, passed, returned and compared. *)
let u = ()
let f () = u
let g x = x
let () = g (f ())
let () = print_string (string_of_bool (u = ()))
let () = print_string (string_of_bool (compare () u = 0))
let () = print_newline ()
