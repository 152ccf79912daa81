let () = begin print_int 1
