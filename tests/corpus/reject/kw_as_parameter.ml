let f object = 1
