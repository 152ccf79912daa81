let rec f x = x + "a" and f = 2
