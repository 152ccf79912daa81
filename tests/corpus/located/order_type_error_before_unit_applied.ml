let _ = 1 + "a"
let () n = 1
