let f n = if n = 0 then "zero" else if n = 1 then "one" else 2
