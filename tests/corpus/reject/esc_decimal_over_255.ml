let () = print_string "\256"
