(* Collatz sequences: the longest chain below a bound. *)
let rec steps n acc = if n = 1 then acc else steps (if n mod 2 = 0 then n / 2 else 3 * n + 1) (acc + 1)

(* Reports the best start and its length through a continuation. *)
let rec best n limit best_n best_len k =
  if n >= limit then k best_n best_len
  else
    let len = steps n 0 in
    if len > best_len then best (n + 1) limit n len k else best (n + 1) limit best_n best_len k

let () = print_int (steps 27 0); print_newline ()
let () =
  best 1 10000 1 0 (fun n len ->
      print_string "start ";
      print_int n;
      print_string " takes ";
      print_int len;
      print_endline " steps")
