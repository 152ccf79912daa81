(* deliberate difference (spec §6.1): OCaml only warns about "\xG0". *)
let () = print_string "\xG0"
