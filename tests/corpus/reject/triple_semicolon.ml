print_string "a";;;
