(* Comments nest: the inner "*)" below does not end the outer comment. *)
(* outer (* inner *) still outer (* (* deeper *) *) *)
let () = print_string "after nested comments"
(* (* *) *) let () = print_newline ()
