(* `<` on functions raises Invalid_argument, even when both are the same closure. *)
let f x = x
let () = print_endline "before"
let () = print_string (string_of_bool (f < f))
