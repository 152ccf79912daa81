let rec f x = f 1 ^ f "s"
