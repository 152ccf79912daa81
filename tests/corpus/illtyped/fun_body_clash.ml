let f = fun x -> x + 1
let n = f "a"
