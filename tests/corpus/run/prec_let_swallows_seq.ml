(* A `let ... in` body swallows `;`: `let x = 1 in a; b` is `let x = 1 in (a; b)`. *)
let x = 10
let () = (let x = 1 in print_int x; print_int x); print_int x
let () = print_newline ()
let f () = let y = 2 in print_int y; print_int (y + 1)
let () = f (); print_newline ()
