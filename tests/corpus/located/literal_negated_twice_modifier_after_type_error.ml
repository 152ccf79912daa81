let b = "x" + (- -1g)
