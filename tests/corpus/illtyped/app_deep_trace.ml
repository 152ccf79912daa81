let apply f = f (fun x -> x + 1)
let g h = h 1 ^ ""
let r = apply g
