let b = 3 > 2 > 1
