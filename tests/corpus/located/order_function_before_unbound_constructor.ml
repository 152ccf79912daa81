let a = String.length (1 + "x") Foo
let b = Foo
