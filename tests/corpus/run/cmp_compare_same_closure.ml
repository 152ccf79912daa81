(* OCaml quirk: `compare f f` on the very same closure returns 0 without raising
   (compare checks physical equality first), while `f = f` raises. *)
let f x = x
let () = print_int (compare f f); print_newline ()
let () = print_string (string_of_bool (f == f)); print_newline ()
