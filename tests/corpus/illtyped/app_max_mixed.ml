let m = max "a" 2
