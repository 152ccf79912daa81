let () n = 1 + "a"
