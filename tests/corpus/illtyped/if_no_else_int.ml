let x = if true then 1
