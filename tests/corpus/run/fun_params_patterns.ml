(* Parameters may be names, `_` or `()`. *)
let f () = print_string "unit param "
let () = f ()
let second _ y = y
let () = print_int (second "ignored" 2)
let g = fun () -> print_string " fun-unit"
let () = g ()
let h = fun _ _ z -> z
let () = print_int (h 1 2 3)
let () = print_newline ()
let _ = print_endline "let _ evaluates its expression"
let () = (fun () -> print_endline "immediately applied") ()
