(* failwith raises Failure with the message; output before it is flushed. *)
let () = print_string "partial line"
let () = failwith "boom"
let () = print_string "never printed"
