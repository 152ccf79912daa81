(* deliberate difference (spec §6.1): OCaml only warns about "\U". *)
let () = print_string "\U{41}"
