(* The Collatz conjecture: repeatedly halve even numbers and map odd n to
   3n + 1; every start seems to reach 1. *)

let next n = if n mod 2 = 0 then n / 2 else 3 * n + 1

(* Prints the whole trajectory of n. *)
let rec trajectory n =
  print_int n;
  if n <> 1 then begin
    print_string " -> ";
    trajectory (next n)
  end
  else print_newline ()

let rec length n = if n = 1 then 0 else 1 + length (next n)

(* The start below limit with the longest trajectory, passed to k. *)
let longest limit k =
  let rec go n best best_len =
    if n >= limit then k best best_len
    else
      let len = length n in
      if len > best_len then go (n + 1) n len else go (n + 1) best best_len
  in
  go 1 1 0

let () =
  trajectory 6;
  trajectory 27;
  longest 1000 (fun n len ->
      print_endline ("longest below 1000: " ^ string_of_int n ^ " (" ^ string_of_int len ^ " steps)"))
