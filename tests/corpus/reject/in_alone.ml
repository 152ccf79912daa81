let () = in
