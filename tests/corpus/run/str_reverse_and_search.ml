(* String processing with String.sub and String.length. *)
let char_at s i = String.sub s i 1
let rec rev_from s i = if i < 0 then "" else char_at s i ^ rev_from s (i - 1)
let rev s = rev_from s (String.length s - 1)
let () = print_endline (rev "stressed")
let rec index_from s i c =
  if i >= String.length s then -1
  else if char_at s i = c then i
  else index_from s (i + 1) c
let () = print_int (index_from "hello world" 0 "w"); print_newline ()
let () = print_int (index_from "hello world" 0 "z"); print_newline ()
let is_palindrome s = s = rev s
let () = print_string (string_of_bool (is_palindrome "racecar")); print_newline ()
let () = print_string (string_of_bool (is_palindrome "ocaml")); print_newline ()
