let run f = f () + 1
let n = run 2
