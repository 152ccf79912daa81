let apply f = f 1 + 1
let r = apply string_of_int
