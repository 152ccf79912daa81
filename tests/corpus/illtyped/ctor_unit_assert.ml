let () = assert ()
