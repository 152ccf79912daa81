(* int_of_string at the edges of the range. *)
let p s = print_int (int_of_string s); print_newline ()
let () = p "4611686018427387903"
let () = p "-4611686018427387904"
let () = p "0x7FFFFFFFFFFFFFFF"
let () = p "0x3FFFFFFFFFFFFFFF"
let () = p "0u4611686018427387904"
let () = p "0u9223372036854775807"
let () = p "0b111111111111111111111111111111111111111111111111111111111111111"
let () = p "000000000000000000000000000000000000000007"
