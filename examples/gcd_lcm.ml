(* Euclid's algorithm and the integers' wrap-around at 63 bits. *)

let rec gcd a b = if b = 0 then abs a else gcd b (a mod b)
let lcm a b = if a = 0 || b = 0 then 0 else abs (a / gcd a b * b)

(* lcm of 1..n, computed while it still fits. *)
let rec lcm_upto n = if n = 1 then 1 else lcm n (lcm_upto (n - 1))

let () =
  print_endline ("gcd 48 18 = " ^ string_of_int (gcd 48 18));
  print_endline ("lcm 4 6 = " ^ string_of_int (lcm 4 6));
  print_endline ("lcm 1..20 = " ^ string_of_int (lcm_upto 20));
  (* Arithmetic wraps silently, as in OCaml. *)
  print_endline ("max_int + 1 = " ^ string_of_int (max_int + 1));
  print_endline ("min_int / -1 = " ^ string_of_int (min_int / (-1)))
