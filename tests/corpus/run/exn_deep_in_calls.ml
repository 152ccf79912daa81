(* An exception raised deep in recursion propagates to the top. *)
let rec down n = if n = 0 then failwith "bottom" else (print_int n; down (n - 1) + 1)
let () = print_int (down 5)
