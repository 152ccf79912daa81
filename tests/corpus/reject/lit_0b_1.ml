let x = 0b_1
