let f x = x
let b = f (-(0x8000000000000000))
