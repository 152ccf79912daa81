let _ = let () n = 1 in 2 + ""
