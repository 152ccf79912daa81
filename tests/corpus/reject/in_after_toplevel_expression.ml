print_int 1 let x = 1 in print_int x
