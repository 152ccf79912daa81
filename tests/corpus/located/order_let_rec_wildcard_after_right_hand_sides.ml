let rec _ = 1 and g x = x + "a"
