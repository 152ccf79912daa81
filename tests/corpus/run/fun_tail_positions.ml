(* Tail position through if branches, let bodies, sequences and `&&`/`||`-free code. *)
let rec loop n =
  if n = 0 then print_endline "done"
  else
    let m = n - 1 in
    ignore m;
    if n mod 2 = 0 then loop m else begin () ; loop m end
let () = loop 5_000_000
