let n = if compare 1 2 then 1 else 0
