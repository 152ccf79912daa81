(* Both operands of binary operators are evaluated right to left. *)
let p = print_string
let () = ignore ((p "A"; 1) + (p "B"; 2)); p " "
let () = ignore ((p "A"; 1) - (p "B"; 2) - (p "C"; 3)); p " "
let () = ignore ((p "A"; 1) * (p "B"; 2)); p " "
let () = ignore ((p "A"; 1) / (p "B"; 2)); p " "
let () = ignore ((p "A"; 1) mod (p "B"; 2)); p " "
let () = ignore ((p "A"; "a") ^ (p "B"; "b") ^ (p "C"; "c")); p " "
let () = ignore ((p "A"; 1) = (p "B"; 2)); p " "
let () = ignore ((p "A"; 1) <> (p "B"; 2)); p " "
let () = ignore ((p "A"; 1) < (p "B"; 2)); p " "
let () = ignore ((p "A"; 1) >= (p "B"; 2)); p " "
let () = ignore ((p "A"; "s") == (p "B"; "t")); p " "
let () = ignore ((p "A"; 1) != (p "B"; 2)); p " "
let () = print_newline ()
