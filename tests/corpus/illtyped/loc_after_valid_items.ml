let double x = 2 * x
let () = print_int (double 21)
let greeting = "hello"
let () = print_int greeting
