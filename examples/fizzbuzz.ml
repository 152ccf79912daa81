(* FizzBuzz from 1 to 30. *)

let fizzbuzz n =
  if n mod 15 = 0 then "FizzBuzz"
  else if n mod 3 = 0 then "Fizz"
  else if n mod 5 = 0 then "Buzz"
  else string_of_int n

let rec run i last =
  if i <= last then begin
    print_endline (fizzbuzz i);
    run (i + 1) last
  end

let () = run 1 30
