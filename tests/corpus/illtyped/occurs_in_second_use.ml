let f g = g (fun x -> x); g (fun y -> y 1 1)
