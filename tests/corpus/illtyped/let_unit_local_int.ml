let f x = let () = x + 1 in x
