let a = Foo |> print_int (1 + "a")
