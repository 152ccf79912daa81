(* `mod` by zero raises Division_by_zero too. *)
let () = print_endline "start"
let () = print_int (10 mod 1)
let () = print_int (10 mod (5 - 5))
let () = print_string "never printed"
