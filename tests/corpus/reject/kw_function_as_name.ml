let function = 1
