(* deliberate difference (spec §6.2): OCaml accepts a non-function `let rec` in an expression. *)
let () = let rec x = 5 in print_int x
