let done = 1
