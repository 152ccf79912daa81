let c = compare 1 "a"
