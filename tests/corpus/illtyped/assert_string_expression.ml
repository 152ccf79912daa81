let f x = assert (x ^ "")
