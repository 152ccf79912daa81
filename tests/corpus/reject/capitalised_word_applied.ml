let () = print_int (Some 1)
