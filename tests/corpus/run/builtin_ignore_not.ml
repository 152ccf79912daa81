(* ignore discards any value; not negates. *)
let () = ignore 1; ignore "s"; ignore true; ignore (); ignore succ
let () = ignore (print_string "side effect kept ")
let () = print_string (string_of_bool (not true) ^ " " ^ string_of_bool (not false))
let () = print_newline ()
