let f c = if c then (if c then 1 else 2)
