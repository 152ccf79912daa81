(* If branches hold any level 1-9 expression; a `fun` branch stops at `else`. *)
let f = if true then fun x -> x + 1 else fun x -> x - 1
let () = print_int (f 10); print_newline ()
let () = print_int (if 1 < 2 then 3 + 4 * 5 else 0); print_newline ()
let () = print_string (string_of_bool (if true then false || true else false)); print_newline ()
let () = if let c = true in c then print_string "let in condition" else print_string "no"
let () = print_newline ()
let () = print_string (if "a" < "b" then "a" ^ "b" else "b" ^ "a"); print_newline ()
