let () = print_string "abc
