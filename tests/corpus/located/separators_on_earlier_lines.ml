(*    *)
let s = ""
let b = s + 1
