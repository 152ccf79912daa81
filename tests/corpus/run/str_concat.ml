(* String concatenation with `^`. *)
let () = print_string ("a" ^ "b"); print_newline ()
let () = print_string ("" ^ "" ^ "x" ^ ""); print_newline ()
let s = "ab"
let s2 = s ^ s
let s4 = s2 ^ s2
let () = print_string s4; print_string " "; print_int (String.length s4); print_newline ()
let rec rep n s = if n = 0 then "" else s ^ rep (n - 1) s
let () = print_int (String.length (rep 1000 "xyz")); print_newline ()
