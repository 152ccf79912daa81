(* Decimal, hex and octal escapes give raw bytes. *)
let () = print_string "\065\066\067"
let () = print_string "\x41\x62\x7a"
let () = print_string "\o101\o142"
let () = print_string "[\000]"
let () = print_string "[\255]"
let () = print_string "[\xff\xFF\xfF]"
let () = print_string "[\o377]"
let () = print_string "\010"
let () = print_int (String.length "\000\255\x00\o000")
