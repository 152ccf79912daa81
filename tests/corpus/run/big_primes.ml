(* Trial-division primes: the first primes, a count, and a sum. *)
let is_prime n =
  let rec check d = d * d > n || (n mod d <> 0 && check (d + 1)) in
  n >= 2 && check 2

let rec print_primes n count =
  if count > 0 then
    if is_prime n then begin
      print_int n;
      print_string " ";
      print_primes (n + 1) (count - 1)
    end
    else print_primes (n + 1) count

let () = print_primes 2 25; print_newline ()

let rec count_primes lo hi acc =
  if lo > hi then acc else count_primes (lo + 1) hi (if is_prime lo then acc + 1 else acc)

let () = print_string "primes below 20000: "; print_int (count_primes 2 20000 0); print_newline ()

let rec sum_primes n acc = if n < 2 then acc else sum_primes (n - 1) (if is_prime n then acc + n else acc)
let () = print_string "sum of primes up to 5000: "; print_int (sum_primes 5000 0); print_newline ()
let () = print_string (string_of_bool (is_prime 1_000_000_007)); print_newline ()
