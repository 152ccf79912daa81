let f x = let () = x && true in 1
