(* Partial application of a qualified built-in. *)
let from2 = String.sub "abcdefgh" 2
let () = print_string (from2 3); print_string " "; print_string (from2 6)
let () = print_newline ()
