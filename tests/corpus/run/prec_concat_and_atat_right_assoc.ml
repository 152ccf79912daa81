(* `^` and `@@` share level 6 and are right-associative. *)
let () = print_string @@ "a" ^ "b" ^ "c"
let () = print_newline ()
let () = print_int @@ succ @@ succ @@ 1
let () = print_newline ()
let () = print_string @@ string_of_int @@ 1 + 2 * 3
let () = print_newline ()
