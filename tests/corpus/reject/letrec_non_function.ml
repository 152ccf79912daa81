(* deliberate difference (spec §6.2): OCaml accepts `let rec x = 5`. *)
let rec x = 5
