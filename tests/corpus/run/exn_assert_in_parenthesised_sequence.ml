let f x = (assert x; 1)
let () = print_int (f true); print_int (f false)
