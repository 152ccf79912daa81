(* exit from deep inside a function; it has any type. *)
let rec loop n = if n = 3 then exit n else (print_int n; loop (n + 1))
let () = print_int (loop 0 + 1)
