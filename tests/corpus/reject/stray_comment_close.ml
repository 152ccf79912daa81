let () = print_string "hi"
*)
