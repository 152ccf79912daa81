(* String building: 20,000 lines of 50 numbers each, built by repeated
   concatenation with an accumulator; the total length is printed. *)

let rec line i stop acc =
  if i > stop then acc else line (i + 1) stop (acc ^ string_of_int i ^ ",")

let rec go k n total =
  if k = n then total
  else go (k + 1) n (total + String.length (line (k * 50) (k * 50 + 49) ""))

let () = print_endline ("total length = " ^ string_of_int (go 0 20_000 0))
