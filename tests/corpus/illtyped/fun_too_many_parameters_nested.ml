let apply f = f 1 + 1
let n = apply (fun x -> fun y -> x)
