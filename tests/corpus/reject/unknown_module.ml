let () = Foo.bar 1
