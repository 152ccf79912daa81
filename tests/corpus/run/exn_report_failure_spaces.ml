(* Spaces in a message are not break hints. *)
let () = failwith "word word word word word word word word word word word word word word word word"
