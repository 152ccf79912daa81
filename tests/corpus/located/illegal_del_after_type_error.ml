let a = 1 + "x"
let b = 2 \ 3
