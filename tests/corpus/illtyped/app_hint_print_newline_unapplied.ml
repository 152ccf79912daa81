let () = print_newline
