(* The longest message whose constructor and string share a line. *)
let () = print_string "before"; failwith "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
