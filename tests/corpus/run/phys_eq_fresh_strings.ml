(* `^` and String.sub always build a new string, even when the result equals an input. *)
let pb b = print_string (string_of_bool b); print_string " "
let s = "abc"
let () = pb ("" ^ s == s); pb (s ^ "" == s); pb (String.sub s 0 3 == s)
let () = pb ("" ^ s = s); pb (String.sub s 0 3 = s)
let () = print_newline ()
