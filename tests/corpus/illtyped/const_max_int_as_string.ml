let () = print_string max_int
