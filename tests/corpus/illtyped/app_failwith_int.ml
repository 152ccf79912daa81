let x = failwith 42
