let x = Foo
