let () = print_string "\o400"
