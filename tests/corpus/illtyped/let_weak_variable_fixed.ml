let id x = x
let r = id id
let a = r 1
let b = r "a"
