(* `if c then a` without else has type unit. *)
let () = if 1 < 2 then print_string "yes"
let () = if 1 > 2 then print_string "no"
let r = if false then ()
let () = r; print_newline ()
