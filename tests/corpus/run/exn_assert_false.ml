(* assert false raises Assert_failure. *)
let () = print_string "before"
let () = assert false
let () = print_string "never printed"
