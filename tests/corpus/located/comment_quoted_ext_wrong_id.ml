(* {%foo x| *) |y} *) |x} *)
let x = 1 + "a"
