(* String.sub with a bad range raises Invalid_argument "String.sub / Bytes.sub". *)
let () = print_string "before "
let s = "hello world"
let () = print_string (String.sub s (-1) 2)
let () = print_string "never printed"
