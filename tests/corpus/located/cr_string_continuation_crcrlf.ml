let s = "a\
   b"
let t = s + 1
