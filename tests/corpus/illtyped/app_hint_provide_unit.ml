let f () = 1
let n = f + 1
