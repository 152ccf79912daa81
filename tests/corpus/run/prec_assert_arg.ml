(* `assert` takes one level-1 argument. *)
let () = assert true
let () = assert (1 + 1 = 2)
let t = true
let () = assert t; print_string "asserts passed"
let () = print_newline ()
