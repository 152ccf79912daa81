let a = print_string (zzz + 1)
let b = 1 + "x"
