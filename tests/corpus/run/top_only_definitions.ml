(* Definitions with no printing: empty output, status 0. *)
let x = 1
let rec f n = if n = 0 then x else f (n - 1)
let y = f 10
