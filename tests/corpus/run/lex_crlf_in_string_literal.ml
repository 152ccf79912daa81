(* A raw CRLF inside a string literal is kept as the two bytes \r\n. *)
let () = print_string "one
two"
let () = print_int (String.length "a
b")
