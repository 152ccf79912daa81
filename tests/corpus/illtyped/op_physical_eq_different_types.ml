let b = "a" == true
