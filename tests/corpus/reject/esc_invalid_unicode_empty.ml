(* deliberate difference (spec §6.1): OCaml only warns; \u{} needs 1 to 6 hex digits. *)
let () = print_string "\u{}"
