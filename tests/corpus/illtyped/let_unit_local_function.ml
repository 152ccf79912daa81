let n = let () = succ in 1
