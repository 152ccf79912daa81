let x = 1
(* a (* b (* c *)
let y = 2
