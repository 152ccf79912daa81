(* deliberate difference (spec §6.1): OCaml only warns about the invalid escape "\q". *)
let () = print_string "\q"
