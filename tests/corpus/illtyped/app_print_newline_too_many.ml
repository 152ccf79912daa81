let () = print_newline () ()
