(* Without rec, `let ... and ...` bindings see the outer scope, not each other. *)
let x = 1
let y = 2
let x = y and y = x
let () = print_int x; print_int y; print_newline ()
let () = let a = 10 and b = 20 in print_int (a + b); print_newline ()
let f n = n + 1
let f n = n * 100 and g n = f n
let () = print_int (f 2); print_string " "; print_int (g 2); print_newline ()
