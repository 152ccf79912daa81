(* outer (* inner *) still open
let () = print_string "hi"
