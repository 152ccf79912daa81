(* Functions that return unit and are called for their effect. *)
let say s = print_string s; print_string " "
let () = say "hello"; say "world"
let nothing () = ()
let () = nothing (); print_newline ()
