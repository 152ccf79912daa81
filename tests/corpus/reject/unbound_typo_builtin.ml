let () = print_integer 1
