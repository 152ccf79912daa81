(* Top-level items run in order. *)
let () = print_string "1"
let a = print_string "2"; 10
let () = print_string "3"
let _ = print_string "4"
let b = a + 1
let () = print_int b
let () = print_newline ()
