(* Mutual recursion with let rec ... and ... *)
let rec even n = if n = 0 then true else odd (n - 1)
and odd n = if n = 0 then false else even (n - 1)
let () = print_string (string_of_bool (even 10)); print_newline ()
let () = print_string (string_of_bool (odd 7)); print_newline ()
let () = print_string (string_of_bool (even 7)); print_newline ()
let () =
  let rec ping n = if n > 0 then (print_string "ping "; pong (n - 1))
  and pong n = if n > 0 then (print_string "pong "; ping (n - 1)) in
  ping 5;
  print_newline ()
let rec a n = if n = 0 then "a" else b (n - 1)
and b n = if n = 0 then "b" else c (n - 1)
and c n = if n = 0 then "c" else a (n - 1)
let () = print_endline (a 0 ^ a 1 ^ a 2 ^ a 3 ^ a 10)
