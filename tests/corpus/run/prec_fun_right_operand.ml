(* A `fun` may be the right operand of `|>` or `@@`. *)
let apply f x = f x
let () = print_int (5 |> fun x -> x * 2); print_newline ()
let () = print_int ((apply @@ fun x -> x + 1) 41); print_newline ()
let () = (fun s -> print_string s) @@ "via @@"; print_newline ()
let () = 7 |> fun n -> print_int n; print_string " body swallowed the ;"; print_newline ()
