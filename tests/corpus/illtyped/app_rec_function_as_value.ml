let rec f x = x + 1
let s = f ^ "a"
