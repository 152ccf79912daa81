(* Built-ins evaluate their arguments right to left too. *)
let p = print_string
let () = ignore (compare (p "A"; 1) (p "B"; 2)); p " "
let () = ignore (min (p "A"; 1) (p "B"; 2)); p " "
let () = ignore (max (p "A"; 1) (p "B"; 2)); p " "
let () = ignore (String.sub (p "A"; "abc") (p "B"; 0) (p "C"; 1)); p " "
let () = ignore ((p "F"; String.sub) (p "A"; "abc") (p "B"; 0) (p "C"; 1)); p " "
let () = print_newline ()
