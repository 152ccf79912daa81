let () = 5
