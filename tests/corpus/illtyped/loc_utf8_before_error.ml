let s = "héllo" ^ "wörld"
let n = s + 1
