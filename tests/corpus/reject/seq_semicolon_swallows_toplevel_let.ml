let () = print_string "b"; print_string "c";
let () = print_string "d"
