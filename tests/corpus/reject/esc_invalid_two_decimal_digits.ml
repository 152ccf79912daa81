(* deliberate difference (spec §6.1): OCaml only warns; a decimal escape needs exactly 3 digits. *)
let () = print_string "\12"
