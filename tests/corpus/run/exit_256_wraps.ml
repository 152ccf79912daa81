(* The process exit status keeps only the low 8 bits: exit 256 exits with 0. *)
let () = print_string "256"
let () = exit 256
