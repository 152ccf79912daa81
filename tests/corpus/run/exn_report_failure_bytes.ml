(* The bytes of the message are written as they are; controls are escaped. *)
let () = failwith "\255\254 \u{E9} \001\127 \"q\" \\ \t"
