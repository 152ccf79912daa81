(* '' is one lexeme in a comment, and a character literal holds one byte. *)
(* ''"'*)" *)
let () = print_endline "1"
(* '''"*)" *)
let () = print_endline "2"
(* 'é'"'*) let () = print_endline "3" (* *)
(* '\o400' "*)" *)
let () = print_endline "4"
(* '\o377'"*)" *)
let () = print_endline "5"
(* x'' "*)" *)
let () = print_endline "6"
