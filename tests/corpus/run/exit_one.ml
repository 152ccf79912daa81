(* exit 1 flushes output and exits with status 1. *)
let () = print_string "unflushed text is flushed by exit"
let () = exit 1
