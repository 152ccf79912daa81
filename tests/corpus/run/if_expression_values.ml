(* `if` is an expression of any type. *)
let sign n = if n > 0 then 1 else if n < 0 then -1 else 0
let () = print_int (sign 5); print_int (sign (-5)); print_int (sign 0); print_newline ()
let name b = if b then "T" else "F"
let () = print_string (name true ^ name false); print_newline ()
let pick b = if b then succ else pred
let () = print_int (pick true 10 + pick false 10); print_newline ()
