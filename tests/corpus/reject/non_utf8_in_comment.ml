(* deliberate difference (spec Â§1, not listed in Â§6): bytes that are not UTF-8 are an error; OCaml accepts them in comments. *)
(* À¯ *)
let () = print_string "ok"
