let s = "abc"
let c = s 1
