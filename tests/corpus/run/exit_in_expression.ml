(* exit has any type: it can stand for an int or a string. *)
let n = if true then 5 else exit 9
let () = print_int n
let s = if n > 3 then exit 7 else "unreached"
let () = print_string s
