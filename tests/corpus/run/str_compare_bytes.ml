(* Equality and order on strings with control and high bytes. *)
let pb b = print_string (string_of_bool b); print_string " "
let () = pb ("\000" < "\001"); pb ("a\255" > "a\254"); pb ("\t" < " ")
let () = pb ("abc" = "ab" ^ "c"); pb ("\u{e9}" = "\xc3\xa9")
let () = print_newline ()
