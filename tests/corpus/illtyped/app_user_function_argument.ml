let f s = s ^ "!"
let t = f 3
