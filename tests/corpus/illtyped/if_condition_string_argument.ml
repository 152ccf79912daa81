let f s = if s then 1 else 0
let n = f "x"
