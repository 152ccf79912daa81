(* A `fun` body swallows `;`: `fun x -> a; b` is `fun x -> (a; b)`. *)
let f = fun x -> print_int x; print_string "!"
let () = print_string "defined;"
let () = f 1; f 2; print_newline ()
