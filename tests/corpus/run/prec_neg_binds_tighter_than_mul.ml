(* Prefix minus (level 3) binds tighter than `*` `/` `mod` (level 4). *)
let () = print_int (- 5 mod 3); print_newline ()
let () = print_int (-7 mod 2); print_newline ()
let a = 3
let b = 4
let () = print_int (-a * b); print_newline ()
(* (-min_int) / 2 = min_int / 2, whereas -(min_int / 2) would be positive *)
let () = print_int (- min_int / 2); print_newline ()
(* (-min_int) mod 3 = min_int mod 3 = -1, whereas -(min_int mod 3) = 1 *)
let () = print_int (- min_int mod 3); print_newline ()
