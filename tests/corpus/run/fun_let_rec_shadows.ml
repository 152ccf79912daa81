(* A let rec defined inside a function shadows an outer function of the same name. *)
let f x = x + 1000
let g n = let rec f x = if x = 0 then 0 else 1 + f (x - 1) in f n
let () = print_int (g 5); print_string " "; print_int (f 5); print_newline ()
