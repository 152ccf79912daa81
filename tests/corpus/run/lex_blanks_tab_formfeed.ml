(* Tabs and form feeds are blanks. *)
let	x	=	40
let () = print_int (x	+	2)
