(* Closures capture the bindings in scope when they are created. *)
let x = 1
let get_x () = x
let x = 2
let () = print_int (get_x ()); print_int x; print_newline ()
let make_counter_from n = fun step -> n + step
let c10 = make_counter_from 10
let c20 = make_counter_from 20
let () = print_int (c10 1); print_string " "; print_int (c20 1); print_newline ()
let nested a = fun b -> fun c -> a * 100 + b * 10 + c
let () = print_int (nested 1 2 3); print_newline ()
