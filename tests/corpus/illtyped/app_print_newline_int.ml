let () = print_newline 1
