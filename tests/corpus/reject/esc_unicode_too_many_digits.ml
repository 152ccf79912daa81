let () = print_string "\u{0000041}"
