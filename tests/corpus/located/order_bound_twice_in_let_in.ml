let g =
  let f = print_int "a" and f = 2 in
  f
