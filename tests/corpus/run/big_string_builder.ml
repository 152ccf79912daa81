(* Building a multiplication table and a diamond as strings. *)
let rec pad w s = if String.length s < w then pad w (" " ^ s) else s
let rec row i j n = if j > n then "" else pad 4 (string_of_int (i * j)) ^ row i (j + 1) n
let rec table i n = if i > n then "" else row i 1 n ^ "\n" ^ table (i + 1) n
let () = print_string (table 1 9)
let rec repeat n s = if n <= 0 then "" else s ^ repeat (n - 1) s
let line width stars = repeat ((width - stars) / 2) " " ^ repeat stars "*"
let rec diamond width k step =
  if k > 0 then begin
    print_endline (line width k);
    let next = if k = width then -2 else step in
    if k + next > 0 then diamond width (k + next) next
  end
let () = diamond 9 1 2
