(* `@@` binds tighter than `;`, and a `fun` after `@@` swallows the rest. *)
let () = print_string @@ "a"; print_string "b"
let () = print_newline ()
let apply f = f ()
let () = apply @@ fun () -> print_string "c"; print_string "d"
let () = print_newline ()
