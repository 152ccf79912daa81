let x = 1
let rec f = 1 and f x = 2
