(* let rec: a function can call itself. *)
let rec fact n = if n <= 1 then 1 else n * fact (n - 1)
let () = print_int (fact 10); print_newline ()
let () = print_int (fact 20); print_newline ()
let () = print_int (fact 25); print_newline ()
let rec fib = fun n -> if n < 2 then n else fib (n - 1) + fib (n - 2)
let () = print_int (fib 20); print_newline ()
let () = let rec count n = if n > 0 then (print_int n; count (n - 1)) in count 5
let () = print_newline ()
