let x = 20 in print_int (x + 1); print_newline ()
