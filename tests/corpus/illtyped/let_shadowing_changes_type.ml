let x = 1
let x = "a"
let y = x + 1
