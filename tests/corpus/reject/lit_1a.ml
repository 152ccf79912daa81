let x = 1a
