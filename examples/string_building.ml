(* Building text: number formatting and a small bar chart. *)

let rec repeat n s = if n <= 0 then "" else s ^ repeat (n - 1) s

(* Right-aligns s in a field of the given width. *)
let pad_left width s = repeat (width - String.length s) " " ^ s

(* Renders n in binary. *)
let rec binary n = if n < 2 then string_of_int n else binary (n / 2) ^ string_of_int (n mod 2)

(* Groups the digits of a non-negative n by thousands. *)
let rec thousands n =
  if n < 1000 then string_of_int n
  else
    let rest = string_of_int (n mod 1000) in
    thousands (n / 1000) ^ "," ^ repeat (3 - String.length rest) "0" ^ rest

let bar label value = pad_left 6 label ^ " | " ^ repeat value "#" ^ " " ^ string_of_int value

let () =
  print_endline (bar "one" 3);
  print_endline (bar "two" 7);
  print_endline (bar "three" 12);
  print_endline ("42 in binary: " ^ binary 42);
  print_endline ("max_int = " ^ thousands max_int)
