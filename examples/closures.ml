(* Closures and currying: functions capture their environment, and every
   multi-argument function can be applied one argument at a time. *)

let add x y = x + y
let increment = add 1 (* partial application *)

(* A function that builds functions. *)
let make_multiplier factor = fun x -> x * factor
let double = make_multiplier 2
let triple = make_multiplier 3

(* Function composition. *)
let compose f g x = f (g x)
let double_then_increment = compose increment double

(* Later definitions shadow earlier ones, but closures keep what they captured. *)
let greeting = "hello"
let greet name = greeting ^ ", " ^ name
let greeting = "goodbye"

let () =
  print_int (increment 41); print_newline ();
  print_int (double 21 + triple 0); print_newline ();
  print_int (double_then_increment 10); print_newline ();
  print_endline (greet "world");
  print_endline greeting;
  (* Pipelines read left to right. *)
  5 |> double |> triple |> string_of_int |> print_endline
