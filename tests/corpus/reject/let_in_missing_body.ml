let () = let x = 1 in
