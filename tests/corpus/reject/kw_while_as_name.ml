let while = 1
