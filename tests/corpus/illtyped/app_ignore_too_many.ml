let () = ignore 1 2
