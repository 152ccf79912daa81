(* The toplevel prints at most 298 bytes of the message. *)
let rec rep n s = if n = 0 then "" else s ^ rep (n - 1) s
let () = failwith (rep 1000 "ab")
