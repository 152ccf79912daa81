let f k = let a = min k (==) in (fun x -> a) <> (k 42)
