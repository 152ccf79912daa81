let n = 1 + true
