(* UTF-8 text in a literal is kept byte for byte; lengths count bytes. *)
let s = "héllo wörld €"
let () = print_string s; print_newline ()
let () = print_int (String.length s); print_newline ()
let () = print_int (String.length "日本"); print_newline ()
(* comments may contain UTF-8 too: ünïcödé *)
