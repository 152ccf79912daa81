let x = let rec () = () in 1 + "a"
