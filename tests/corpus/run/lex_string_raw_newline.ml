(* A raw newline inside a string literal is kept, with its indentation. *)
let () = print_string "line one
  line two
"
let () = print_int (String.length "a
b")
