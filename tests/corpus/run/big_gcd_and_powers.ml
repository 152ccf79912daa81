(* Euclid's gcd, lcm, fast exponentiation (wrapping), integer square roots. *)
let rec gcd a b = if b = 0 then abs a else gcd b (a mod b)
let lcm a b = a / gcd a b * b
let rec pow b e = if e = 0 then 1 else let h = pow b (e / 2) in if e mod 2 = 0 then h * h else h * h * b
let rec isqrt_from n r = if (r + 1) * (r + 1) > n then r else isqrt_from n (r + 1)
let isqrt n = isqrt_from n 0
let () = print_int (gcd 1071 462); print_string " "; print_int (gcd (-48) 18); print_newline ()
let () = print_int (lcm 21 6); print_newline ()
let () = print_int (pow 2 10); print_string " "; print_int (pow 3 39); print_newline ()
let () = print_int (pow 2 62); print_string " "; print_int (pow 2 63); print_string " "; print_int (pow 7 100); print_newline ()
let () = print_int (isqrt 1000000); print_string " "; print_int (isqrt 99); print_newline ()
