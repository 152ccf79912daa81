(* In a string in a comment, only \u{...} escapes are checked, and valid ones pass. *)
(* "\u{41} \u{10FFFF} \u{0} \u{00D7FF} \u{E000}" *)
let () = print_endline "1"
(* "\999 \o777 \q \x \u{} \u{D800 \u" *)
let () = print_endline "2"
(* (* "\u{1F600}" *) "*)" *)
let () = print_endline "3"
