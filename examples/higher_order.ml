(* Higher-order functions over integer ranges, standing in for the list
   functions minilang does not have yet. *)

(* fold f acc lo hi = f (... (f (f acc lo) (lo + 1)) ...) hi *)
let rec fold f acc lo hi = if lo > hi then acc else fold f (f acc lo) (lo + 1) hi

let sum lo hi = fold (fun acc i -> acc + i) 0 lo hi
let product lo hi = fold (fun acc i -> acc * i) 1 lo hi

(* Counts the integers in [lo, hi] that satisfy p. *)
let count p lo hi = fold (fun acc i -> if p i then acc + 1 else acc) 0 lo hi

(* Joins f lo .. f hi with a separator. *)
let join sep f lo hi = fold (fun acc i -> if i = lo then f i else acc ^ sep ^ f i) "" lo hi

let square x = x * x
let is_even n = n mod 2 = 0

let () =
  print_endline ("sum 1..100 = " ^ string_of_int (sum 1 100));
  print_endline ("10! = " ^ string_of_int (product 1 10));
  print_endline ("evens in 1..99: " ^ string_of_int (count is_even 1 99));
  print_endline ("squares: " ^ join ", " (fun i -> string_of_int (square i)) 1 10);
  print_endline ("max of squares mod 7: " ^ string_of_int (fold (fun m i -> max m (square i mod 7)) 0 1 20))
