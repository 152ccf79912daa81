(* The printing built-ins. *)
let () = print_int 42
let () = print_int (-42)
let () = print_int 0
let () = print_newline ()
let () = print_string "no newline|"
let () = print_string ""
let () = print_endline "with newline"
let () = print_endline ""
let () = print_int min_int; print_newline ()
let () = print_int max_int; print_newline ()
