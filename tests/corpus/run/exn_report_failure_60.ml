(* A report longer than the margin: "Exception:" on a line of its own. *)
let () = failwith "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
