let a = Foo.bar (1 + "x")
let b = 1 + "y"
