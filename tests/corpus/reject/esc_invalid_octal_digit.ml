(* deliberate difference (spec §6.1): OCaml only warns; 8 is not an octal digit. *)
let () = print_string "\o38"
