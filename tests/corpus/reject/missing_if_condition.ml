let () = if then print_int 1
