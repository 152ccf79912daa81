(* Church numerals: the number n is the function that applies f n times.
   Numerals are eta-expanded (`let two f x = ...`) to keep them polymorphic. *)

let zero _ x = x
let succ_c n f x = f (n f x)
let add m n f x = m f (n f x)
let mul m n f x = m (n f) x
let pow m n f x = n m f x

(* Converting back: count applications, or draw them. *)
let to_int n = n (fun k -> k + 1) 0
let to_bars n = n (fun s -> s ^ "|") ""

let one f x = succ_c zero f x
let two f x = succ_c one f x
let three f x = add one two f x

let () =
  print_endline ("2 + 3 = " ^ string_of_int (to_int (add two three)));
  print_endline ("2 * 3 = " ^ string_of_int (to_int (mul two three)));
  print_endline ("2 ^ 3 = " ^ string_of_int (to_int (pow two three)));
  print_endline ("3 ^ 2 = " ^ to_bars (pow three two))
