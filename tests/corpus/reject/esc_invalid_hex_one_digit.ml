(* deliberate difference (spec §6.1): OCaml only warns; a hex escape needs exactly 2 digits. *)
let () = print_string "\x4"
