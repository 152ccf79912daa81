let () = true
