let f () = print_int 1; 2
let s = f () ^ ""
