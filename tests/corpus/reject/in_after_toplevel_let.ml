let a = 1
let b = 2 in print_int b
