(* Nested calls: inner arguments right to left, at each level. *)
let p s = print_string s; String.length s
let f a b = a + b
let () = print_int (f (f (p "a") (p "bb")) (f (p "ccc") (p "dddd"))); print_newline ()
