(*     *)
let b = 2 + "x"
