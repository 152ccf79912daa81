let f x = x + 1; x ^ ""
