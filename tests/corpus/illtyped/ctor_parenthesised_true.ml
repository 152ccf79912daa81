let () = (true)
