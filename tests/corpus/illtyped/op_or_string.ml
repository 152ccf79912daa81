let b = "x" || false
