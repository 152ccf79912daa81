(* exit (-1) gives process status 255. *)
let () = print_string "minus one"
let () = exit (-1)
