let apply f = f true
let n = apply (fun () -> 2)
