let rec () = ()
