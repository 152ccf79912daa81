(* Invalid_argument after some output. *)
let () = print_endline "x"
let () = print_string (String.sub "abc" 2 5)
