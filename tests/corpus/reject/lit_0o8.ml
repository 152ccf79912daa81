let x = 0o8
