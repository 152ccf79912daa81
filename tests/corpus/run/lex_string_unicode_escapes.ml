(* \u{...} escapes are written as UTF-8. *)
let () = print_string "\u{41}\u{000042}"
let () = print_string "[\u{e9}]"
let () = print_string "[\u{20AC}]"
let () = print_string "[\u{1F600}]"
let () = print_string "[\u{10FFFF}]"
let () = print_string "[\u{0}]"
let () = print_string "[\u{D7FF}][\u{E000}]"
let () = print_int (String.length "\u{1F600}")
