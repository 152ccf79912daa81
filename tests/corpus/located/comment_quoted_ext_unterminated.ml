let x = 1
(* {%foo| *)
let y = 2
