let () = then print_int 1
