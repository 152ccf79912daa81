let n = if (fun x -> x) then 1 else 2
