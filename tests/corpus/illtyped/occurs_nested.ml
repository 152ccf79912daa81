let f x = x (fun y -> x)
