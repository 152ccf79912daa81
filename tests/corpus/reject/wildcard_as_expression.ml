let () = print_int _
