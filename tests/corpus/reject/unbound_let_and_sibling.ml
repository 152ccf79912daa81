let a = 1 and b = a
