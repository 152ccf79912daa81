let a = 1 let b = 2 let () = print_int (a + b) let c = 4
let () = print_int c let () = print_newline ()
