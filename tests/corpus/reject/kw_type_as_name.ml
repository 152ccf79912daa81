let type = 1
