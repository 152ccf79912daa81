let s = 1 |> (fun x -> x ^ "")
