(* Tail calls through mutual recursion also run in constant stack. *)
let rec even n = if n = 0 then true else odd (n - 1)
and odd n = if n = 0 then false else even (n - 1)
let () = print_string (string_of_bool (even 3_000_000)); print_newline ()
