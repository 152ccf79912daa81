(* The Ackermann function: deep, non-primitive recursion. *)
let rec ack m n =
  if m = 0 then n + 1
  else if n = 0 then ack (m - 1) 1
  else ack (m - 1) (ack m (n - 1))

let () = print_int (ack 0 0); print_string " "
let () = print_int (ack 1 2); print_string " "
let () = print_int (ack 2 3); print_string " "
let () = print_int (ack 3 3); print_string " "
let () = print_int (ack 3 5); print_newline ()
