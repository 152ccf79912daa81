let () = print_int ("a" ^ "b")
