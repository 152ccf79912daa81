let f x = if x then true
