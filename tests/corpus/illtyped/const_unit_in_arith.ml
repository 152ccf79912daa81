let n = 1 + ()
