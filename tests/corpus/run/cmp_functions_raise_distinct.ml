(* compare on two distinct closures raises Invalid_argument. *)
let f x = x + 1
let g x = x + 2
let () = print_string "before "
let () = print_int (compare f g)
