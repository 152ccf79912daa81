(* Functions taking and returning functions. *)
let twice f x = f (f x)
let rec repeat n f x = if n = 0 then x else repeat (n - 1) f (f x)
let () = print_int (twice (twice succ) 0); print_newline ()
let () = print_int (repeat 10 (fun x -> x * 2) 1); print_newline ()
let () = print_string (repeat 3 (fun s -> s ^ s) "ab"); print_newline ()
let flip f a b = f b a
let () = print_int (flip (fun a b -> a - b) 1 10); print_newline ()
