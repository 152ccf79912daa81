(* deliberate difference (spec §1, not listed in §6): bytes that are not UTF-8 are an error; OCaml accepts them in strings. *)
let () = print_string "�"
