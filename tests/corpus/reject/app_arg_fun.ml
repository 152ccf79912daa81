let apply f = f 1
let () = print_int (apply fun x -> x)
