let or = 1
