let () n m = 1
