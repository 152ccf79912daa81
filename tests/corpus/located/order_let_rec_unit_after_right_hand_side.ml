let rec () = 1
