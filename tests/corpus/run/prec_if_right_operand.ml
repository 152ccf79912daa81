(* An `if` may be the right operand of a binary operator; its else branch extends right. *)
let () = print_int (2 * if false then 1 else 3 + 10); print_newline ()
let () = print_int (1 + if true then 5 else 6 * 100); print_newline ()
let () = print_string ("x" ^ if true then "y" else "z" ^ "w"); print_newline ()
