(* `==` on strings is identity: two literals are two strings, one occurrence is one. *)
let pb b = print_string (string_of_bool b); print_string " "
let () = pb ("abc" == "abc")
let s = "x"
let () = pb (s == s); pb (s != s)
let t = s
let () = pb (s == t)
let f () = "lit"
let () = pb (f () == f ())
let () = pb ("a" ^ "b" == "ab"); pb ("a" ^ "b" = "ab")
let () = pb ("abc" != "abc")
let () = print_newline ()
