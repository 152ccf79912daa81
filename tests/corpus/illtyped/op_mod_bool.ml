let r = 7 mod true
