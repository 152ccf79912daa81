let f () = y + 1
