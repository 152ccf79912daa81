let s = "first line
second line
let () = print_string s
