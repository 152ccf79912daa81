(* exit 0 stops the program successfully; later items never run. *)
let () = print_string "bye"
let () = exit 0
let () = print_string "never printed"
