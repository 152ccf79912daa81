(* Inner bindings shadow outer ones; a non-recursive let sees the outer name. *)
let x = 1
let () = let x = x + 10 in print_int x; print_string " "
let () = print_int x; print_string " "
let f x = x * 2
let f x = f x + 1
let () = print_int (f 5); print_string " "
let () = let x = "string now" in print_string x
let () = print_newline ()
let g y = let y = y ^ "!" in let y = y ^ "?" in y
let () = print_endline (g "hey")
