(* A longer name: the tuple goes to a third line. *)
let f x =
  assert (x > 0);
  x
let () = print_int (f 0)
