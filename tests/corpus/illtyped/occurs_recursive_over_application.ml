let rec f x = f 1 2
