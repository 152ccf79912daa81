let m = min 1 true
