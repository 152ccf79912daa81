(* Division by zero raises Division_by_zero; earlier output is flushed first. *)
let () = print_string "before"
let zero = 0
let () = print_int (1 / zero)
let () = print_string "never printed"
