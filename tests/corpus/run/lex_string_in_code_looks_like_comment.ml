(* A comment opener or closer inside a string literal is just text. *)
let () = print_string "(* not a comment *)"
let () = print_string " *) also not"
let () = print_newline ()
