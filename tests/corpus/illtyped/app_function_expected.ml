let apply f = f 1
let r = apply 2
