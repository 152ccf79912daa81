let g = 5 6
