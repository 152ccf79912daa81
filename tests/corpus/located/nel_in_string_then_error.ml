let s = "ab" let b = 2 + "x"
