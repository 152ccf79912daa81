(* String literals inside comments are lexed as strings: "*)" does not close. *)
(* "*)" *)
let () = print_string "one"
(* a string with an escaped quote "\" *)" still in the comment *)
let () = print_string " two"
(* "(*" an opener inside a string does not nest *)
let () = print_endline " three"
