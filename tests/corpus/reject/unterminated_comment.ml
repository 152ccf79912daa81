(* never closed
let () = print_string "hi"
