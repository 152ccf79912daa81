(* String.sub s start len. *)
let s = "hello world"
let () = print_string (String.sub s 0 5); print_newline ()
let () = print_string (String.sub s 6 5); print_newline ()
let () = print_string ("[" ^ String.sub s 11 0 ^ "]"); print_newline ()
let () = print_string ("[" ^ String.sub s 0 0 ^ "]"); print_newline ()
let () = print_string ("[" ^ String.sub "" 0 0 ^ "]"); print_newline ()
let () = print_string (String.sub s 0 (String.length s)); print_newline ()
let prefix = String.sub s 0
let () = print_string (prefix 4); print_newline ()
let () = print_string (String.sub "\u{20AC}" 1 2 ^ "|"); print_newline ()
let () = print_int (String.length (String.sub "\u{20AC}" 1 2)); print_newline ()
