(* Mutually recursive functions defined with `let rec ... and ...`. *)

let rec is_even n = if n = 0 then true else is_odd (n - 1)
and is_odd n = if n = 0 then false else is_even (n - 1)

(* Hofstadter's female and male sequences. *)
let rec female n = if n = 0 then 1 else n - male (female (n - 1))
and male n = if n = 0 then 0 else n - female (male (n - 1))

let rec show f i last = if i > last then "" else string_of_int (f i) ^ " " ^ show f (i + 1) last

let () =
  print_endline ("is_even 10 = " ^ string_of_bool (is_even 10));
  print_endline ("is_odd 7 = " ^ string_of_bool (is_odd 7));
  (* The calls are tail calls, so a million steps do not grow the stack. *)
  print_endline ("is_even 1000001 = " ^ string_of_bool (is_even 1000001));
  print_endline ("F: " ^ show female 0 15);
  print_endline ("M: " ^ show male 0 15)
