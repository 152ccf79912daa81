let id x = x
let a = id 1
let b = id "s"
let c = a + b
