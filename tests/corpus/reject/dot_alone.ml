let x = .
