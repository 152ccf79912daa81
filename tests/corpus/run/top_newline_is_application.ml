(* Without `;;`, a following line continues the previous definition:
   here `let y = id` and the next line `id 5` form `let y = id id 5`. *)
let id x = x
let y = id
id 5
;;
print_int y; print_newline ()
