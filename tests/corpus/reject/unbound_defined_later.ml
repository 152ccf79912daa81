let () = print_int later
let later = 1
