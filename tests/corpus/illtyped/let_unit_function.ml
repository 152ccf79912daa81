let () = print_int
