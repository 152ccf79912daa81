let x = 0b
