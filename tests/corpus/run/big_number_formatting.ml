(* Rendering integers in other bases and with padding, using only int and string operations. *)
let digit d = String.sub "0123456789abcdef" d 1

let rec to_base b n = if n < b then digit n else to_base b (n / b) ^ digit (n mod b)

let show_base b n = if n < 0 then "-" ^ to_base b (- n) else to_base b n

let rec pad width s = if String.length s >= width then s else pad width (" " ^ s)

let rec zero_pad width s = if String.length s >= width then s else zero_pad width ("0" ^ s)

let rec with_commas n =
  if n < 1000 then string_of_int n
  else with_commas (n / 1000) ^ "," ^ zero_pad 3 (string_of_int (n mod 1000))

let () = print_endline (show_base 2 10)
let () = print_endline (show_base 16 255)
let () = print_endline (show_base 8 (-64))
let () = print_endline (show_base 16 max_int)
let () = print_endline ("[" ^ pad 8 "right" ^ "]")
let () = print_endline (with_commas 1234567890)
let () = print_endline (with_commas max_int)
let () = print_int (int_of_string ("0x" ^ show_base 16 48879)); print_newline ()
