(* The Failure message may hold quotes, backslashes, newlines and non-ASCII bytes. *)
let () = print_endline "out"
let () = failwith "a \"quoted\" \\ back\nslash \255 \u{e9}"
