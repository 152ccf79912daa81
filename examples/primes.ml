(* Number theory with recursion: gcd, primality, prime factorisation. *)

let rec gcd a b = if b = 0 then a else gcd b (a mod b)

let is_prime n =
  let rec no_divisor d = d * d > n || (n mod d <> 0 && no_divisor (d + 1)) in
  n >= 2 && no_divisor 2

(* Renders the prime factorisation of n >= 2, e.g. "2 * 2 * 3". *)
let factorise n =
  let rec go n d =
    if n = 1 then ""
    else if n mod d = 0 then (if n = d then string_of_int d else string_of_int d ^ " * " ^ go (n / d) d)
    else go n (d + 1)
  in
  go n 2

let rec primes_between lo hi =
  if lo > hi then ""
  else if is_prime lo then string_of_int lo ^ " " ^ primes_between (lo + 1) hi
  else primes_between (lo + 1) hi

let () =
  print_endline ("gcd 1071 462 = " ^ string_of_int (gcd 1071 462));
  print_endline ("primes below 60: " ^ primes_between 2 60);
  print_endline ("360 = " ^ factorise 360);
  print_endline ("1234567 = " ^ factorise 1234567);
  print_endline ("2147483647 is prime: " ^ string_of_bool (is_prime 2147483647))
