let x = 0u12
