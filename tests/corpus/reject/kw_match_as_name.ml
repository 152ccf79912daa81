let match = 1
