(* Prefix minus evaluates its operand; `if` evaluates the condition first. *)
let p = print_string
let () = ignore (- (p "A"; 1)); p " "
let () = ignore (if (p "C"; true) then (p "T"; 1) else (p "E"; 2)); p " "
let () = ignore (if (p "C"; false) then (p "T"; 1) else (p "E"; 2)); p " "
let () = print_newline ()
