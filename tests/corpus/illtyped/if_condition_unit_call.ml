let n = if print_int 1 then 1 else 0
