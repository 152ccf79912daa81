let h = (fun x y -> x + y) 1 2 3
