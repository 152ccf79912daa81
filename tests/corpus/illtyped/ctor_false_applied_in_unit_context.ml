let () = false 1
