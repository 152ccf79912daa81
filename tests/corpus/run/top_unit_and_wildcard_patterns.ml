(* `let () = e` requires unit; `let _ = e` evaluates and discards any value. *)
let () = print_string "unit "
let _ = 42
let _ = print_string "wild "
let _ = fun x -> x
let () = ()
let () = print_newline ()
