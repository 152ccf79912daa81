let () = if true then print_int 1 else print_int 2 else print_int 3
