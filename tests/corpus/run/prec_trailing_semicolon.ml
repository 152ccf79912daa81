(* OCaml's grammar allows a trailing `;` at the end of a sequence, before `)`,
   `end`, `;;` or the end of the file. *)
let () = (print_string "a";)
let () = begin print_string "b"; end
let x = (print_string "c"; 5;)
let () = print_int x;
;;
print_string "d"; print_string "e"; ;;
print_newline ();
