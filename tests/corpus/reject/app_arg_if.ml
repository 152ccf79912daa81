let f x = x
let () = print_int (f if true then 1 else 2)
