let b = print_int (- begin 2g end)
