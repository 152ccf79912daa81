let x = 1 + (if true then print_int 1)
