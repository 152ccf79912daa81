let () = else print_int 1
