let n = String.sub "abc" 0 1 + 1
