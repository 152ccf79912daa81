let a = zzz |> yyy
