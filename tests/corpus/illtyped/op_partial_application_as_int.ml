let n = 1 + (+) 1
