let k = (fun x -> x) (fun y -> y)
let n = k 1 + k true
