let rec f x = f x x
