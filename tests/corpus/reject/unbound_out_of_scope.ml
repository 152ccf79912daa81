let () = (let inner = 1 in ignore inner); print_int inner
