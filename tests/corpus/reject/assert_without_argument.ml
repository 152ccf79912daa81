let () = assert
