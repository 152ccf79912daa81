let rec f = 1
let g = 1 + "a"
