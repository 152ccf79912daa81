(* `<>` on functions raises Invalid_argument. *)
let () = print_string "before"
let () = print_string (string_of_bool (succ <> pred))
