let () = 1 |> (+) 2 |> print_string
