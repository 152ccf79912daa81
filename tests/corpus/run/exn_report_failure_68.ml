(* One byte more: the string goes to a third line, indented by one. *)
let () = failwith "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
