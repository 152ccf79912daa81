(* A 10,000,000-iteration tail-recursive loop runs in constant stack. *)
let rec loop i acc = if i = 0 then acc else loop (i - 1) (acc + i)
let () = print_int (loop 10_000_000 0); print_newline ()
