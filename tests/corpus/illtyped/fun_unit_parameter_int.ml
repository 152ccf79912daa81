let apply f = f 1
let n = apply (fun () -> 2)
