(* A tail-recursive loop runs in constant stack space, however many times
   it iterates. *)

(* Sums 1 + 2 + ... + n with an accumulator. *)
let rec sum_to n acc = if n = 0 then acc else sum_to (n - 1) (acc + n)

(* The same loop written as a local function. *)
let count_down_by step start =
  let rec loop i steps = if i <= 0 then steps else loop (i - step) (steps + 1) in
  loop start 0

let () =
  print_endline ("sum 1..10000000 = " ^ string_of_int (sum_to 10_000_000 0));
  print_endline ("steps = " ^ string_of_int (count_down_by 7 1_000_000))
