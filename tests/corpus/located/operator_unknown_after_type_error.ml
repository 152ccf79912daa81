let a = 1 + "x"
let b = 1 -- 2
