let f x = x
let () = print_int (f let y = 1 in y)
