let x = 1
(* (* "\u{D800} *)
let y = 2
