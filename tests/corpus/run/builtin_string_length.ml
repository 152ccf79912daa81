(* String.length counts bytes. *)
let () = print_int (String.length ""); print_newline ()
let () = print_int (String.length "hello"); print_newline ()
let () = print_int (String.length "\n\t\\"); print_newline ()
let () = print_int (String.length "\u{20AC}"); print_newline ()
let () = print_int (String.length ("ab" ^ "cde")); print_newline ()
let len = String.length
let () = print_int (len "first-class"); print_newline ()
let () = "piped" |> String.length |> print_int; print_newline ()
