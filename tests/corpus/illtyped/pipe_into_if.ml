let f x = x |> (if true then x)
