let () = if true then print_string "a"; print_string "b" else print_string "d"
