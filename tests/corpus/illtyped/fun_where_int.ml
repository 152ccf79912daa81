let () = print_int (fun x -> x)
