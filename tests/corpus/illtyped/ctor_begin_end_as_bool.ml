let b = not begin end
