let () = fun x -> ()
