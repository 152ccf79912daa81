let () = print_string "\u{110000}"
