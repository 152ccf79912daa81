(* min on functions raises Invalid_argument, even when both are the same closure. *)
let f x = x
let () = print_endline "before"
let h = min f f
let () = print_int (h 1)
