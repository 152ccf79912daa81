let f x = x
let () = print_int x
