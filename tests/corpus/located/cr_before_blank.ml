let x = 1 
let () = print_int x
