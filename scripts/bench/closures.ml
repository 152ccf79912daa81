(* Closure-heavy code: 1,000,000 iterations, each making three closures
   (add i, twice, the composition) and calling through them. *)

let compose f g = fun x -> f (g x)
let add n = fun x -> x + n
let twice f = compose f f

let rec go i acc = if i = 0 then acc else go (i - 1) (twice (add i) acc mod 1000003)

let () = print_endline ("closures = " ^ string_of_int (go 1_000_000 0))
