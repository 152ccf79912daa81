(* An uncaught exception in one top-level item stops the program. *)
let () = print_endline "item 1"
let x = 10 / 0
let () = print_endline "item 3 never runs"
