let () = if true print_int 1
