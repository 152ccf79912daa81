(* ab *) let s = "xy"
let t = s + 1
