(* A function returning a function can be applied to more arguments at once. *)
let make_adder x = fun y -> x + y
let () = print_int (make_adder 1 2); print_newline ()
let compose f g x = f (g x)
let () = print_int (compose succ (fun x -> x * 2) 10); print_newline ()
let k x = fun _ -> fun z -> x + z
let () = print_int (k 1 "ignored" 100); print_newline ()
