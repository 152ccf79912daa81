(* Identifiers may contain digits, underscores, capitals and primes. *)
let x' = 1
let x'' = x' + 1
let _x = 10
let a_B9 = 100
let camelCase = 1000
let x_' = 5
let () = print_int (x' + x'' + _x + a_B9 + camelCase + x_')
let () = print_newline ()
