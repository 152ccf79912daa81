let x = if true then 1 else fun x -> x
