(* Church numerals: numbers as iterated function application. Numerals are
   eta-expanded (`let six f x = ...`) so that they stay polymorphic. *)
let zero _ x = x
let succ_c n f x = f (n f x)
let add m n f x = m f (n f x)
let mul m n f x = m (n f) x
let to_int n = n (fun k -> k + 1) 0
let to_stars n = n (fun s -> s ^ "*") ""
let one f x = succ_c zero f x
let two f x = succ_c one f x
let three f x = add one two f x
let six f x = mul two three f x
let () = print_int (to_int zero); print_int (to_int three); print_int (to_int six); print_newline ()
let () = print_endline (to_stars (mul six six))
let () = print_int (to_int (mul (mul six six) (mul six six))); print_newline ()
