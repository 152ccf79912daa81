let () = print_string "\u{D800}"
