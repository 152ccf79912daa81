let () _ = 1
