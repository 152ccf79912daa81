(* A program consisting only of comments prints nothing. *)
(* (* nested *) *)
