let b = true && 1
