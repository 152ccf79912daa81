(* Sequences: `a; b; c` runs left to right and yields the last value. *)
let () = print_string "a"; print_string "b"; print_string "c"
let x = (print_string "d"; print_string "e"; 42)
let () = print_int x
let () = (); (); print_newline ()
