print_string "an expression may be the first item"
;;
let () = print_newline ()
