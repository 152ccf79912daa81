(* The naive, doubly recursive Fibonacci function: about 1.6 million calls
   for fib 30. This is the interpreter benchmark, so keep it naive. *)

let rec fib n = if n < 2 then n else fib (n - 1) + fib (n - 2)

let () =
  print_string "fib 30 = ";
  print_int (fib 30);
  print_newline ()
