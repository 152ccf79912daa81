let n = let x = succ and () = succ in 1
