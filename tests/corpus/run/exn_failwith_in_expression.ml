(* failwith has any type, so it fits in any expression position. *)
let check n = if n > 2 then failwith ("too big: " ^ string_of_int n) else n
let () = print_int (check 1); print_int (check 2)
let () = print_int (check 3 + 100)
