let rec _ = fun x -> x
