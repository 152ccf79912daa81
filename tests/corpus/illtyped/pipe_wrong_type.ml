let () = 1 |> print_string
