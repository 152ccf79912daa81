let rec f x = g x + 1
and g y = if y then f 1 else 0
