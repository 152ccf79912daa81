let s = ""
let t = 1 \\ 2
