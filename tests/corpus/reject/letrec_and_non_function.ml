(* deliberate difference (spec §6.2): every binding of a `let rec` must be a function. *)
let rec f x = x + n and n = 5
