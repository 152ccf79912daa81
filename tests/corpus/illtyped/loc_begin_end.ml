let n = 1 + begin "a" end
