let x = print_int (!-1)
let y = 1 $ 2
