(* `&&` and `||` evaluate left to right and short-circuit. *)
let p = print_string
let () = ignore ((p "A"; true) && (p "B"; false) && (p "C"; true)); p " "
let () = ignore ((p "A"; false) && (p "B"; true)); p " "
let () = ignore ((p "A"; false) || (p "B"; true) || (p "C"; true)); p " "
let () = ignore ((p "A"; true) || (p "B"; true)); p " "
let () = ignore ((p "A"; false) || (p "B"; false) && (p "C"; true)); p " "
let () = print_newline ()
let () = print_string (string_of_bool (false && 1 / 0 = 1)); print_newline ()
let () = print_string (string_of_bool (true || failwith "not evaluated")); print_newline ()
