(* `==` on functions is identity. *)
let pb b = print_string (string_of_bool b); print_string " "
let f x = x + 1
let g = f
let () = pb (f == f); pb (f == g); pb (f != g)
let () = pb ((fun x -> x) == (fun x -> x))
let add x y = x + y
let add1 = add 1
let () = pb (add1 == add1); pb (add 1 == add 1)
let () = pb (print_int == print_int)
let () = print_newline ()
