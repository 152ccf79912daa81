(* assert of a false condition computed at run time. *)
let check n = assert (n mod 2 = 0); print_int n; print_string " "
let () = check 2; check 4; check 5; check 6
