(* `x |> f` behaves like `f x` and `f @@ x` like `f x`: the argument x is
   evaluated first, then the function, whichever side it is written on. *)
let p = print_string
let id x = x
let () = ignore ((p "A"; 1) |> (p "F"; id)); p " "
let () = ignore ((p "F"; id) @@ (p "A"; 1)); p " "
let () = ignore ((p "A"; 1) |> (p "F"; id) |> (p "G"; id)); p " "
let () = ignore ((p "F"; id) @@ (p "G"; id) @@ (p "A"; 1)); p " "
let () = print_newline ()
