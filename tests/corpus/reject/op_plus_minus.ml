let () = print_int (1 +- 3)
