let () = print_int (String.lenght "abc")
