(* A tail-recursive loop: 5,000,000 iterations in constant stack space,
   with a little arithmetic in each. *)

let rec loop i acc = if i = 0 then acc else loop (i - 1) (acc + (i mod 7) * 3)

let () = print_endline ("loop = " ^ string_of_int (loop 5_000_000 0))
