let n = + "a"
