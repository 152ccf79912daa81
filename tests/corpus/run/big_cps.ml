(* Continuation-passing style: every call is a tail call, continuations are closures. *)
let rec fact_k n k = if n = 0 then k 1 else fact_k (n - 1) (fun r -> k (n * r))
let () = fact_k 15 print_int; print_newline ()
let rec fib_k n k =
  if n < 2 then k n else fib_k (n - 1) (fun a -> fib_k (n - 2) (fun b -> k (a + b)))
let () = fib_k 18 (fun r -> print_int r; print_newline ())
let rec sum_k n k = if n = 0 then k 0 else sum_k (n - 1) (fun s -> k (s + n))
let () = sum_k 10000 (fun s -> print_int s); print_newline ()
