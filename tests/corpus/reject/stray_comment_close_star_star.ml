let () = print_int 3**)
