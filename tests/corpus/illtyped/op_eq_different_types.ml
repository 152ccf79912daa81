let b = 1 = "1"
