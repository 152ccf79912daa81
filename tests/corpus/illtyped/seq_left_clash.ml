let () = print_int "a"; ()
