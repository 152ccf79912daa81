let g = fun module -> 1
