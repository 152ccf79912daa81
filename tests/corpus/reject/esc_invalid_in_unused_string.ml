(* deliberate difference (spec §6.1): an invalid escape is an error even in a string that is never printed. *)
let unused = "bell \a"
