let a = print_int (1 + "x") 0x7FFFFFFFFFFFFFFFF
let b = 1g
