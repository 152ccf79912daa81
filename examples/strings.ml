(* Byte strings: concatenation, slicing with String.sub, searching,
   and a few classic exercises built from those primitives. *)

let char_at s i = String.sub s i 1

(* Reverses a string one byte at a time. *)
let reverse s =
  let rec go i acc = if i = String.length s then acc else go (i + 1) (char_at s i ^ acc) in
  go 0 ""

(* Counts the occurrences of the one-byte string c in s. *)
let count c s =
  let rec go i n = if i = String.length s then n else go (i + 1) (if char_at s i = c then n + 1 else n) in
  go 0 0

(* Does s start with prefix? *)
let starts_with prefix s =
  String.length prefix <= String.length s && String.sub s 0 (String.length prefix) = prefix

(* Replaces every occurrence of the non-empty string pat by rep. *)
let rec replace pat rep s =
  let n = String.length pat in
  if String.length s < n then s
  else if String.sub s 0 n = pat then rep ^ replace pat rep (String.sub s n (String.length s - n))
  else char_at s 0 ^ replace pat rep (String.sub s 1 (String.length s - 1))

let () =
  let s = "the quick brown fox jumps over the lazy dog" in
  print_endline (reverse s);
  print_endline ("e occurs " ^ string_of_int (count "e" s) ^ " times");
  print_endline (string_of_bool (starts_with "the" s) ^ " " ^ string_of_bool (starts_with "fox" s));
  print_endline (replace "the" "a" s);
  print_endline (string_of_bool ("apple" < "banana") ^ " " ^ string_of_bool ("Zebra" < "apple"));
  print_endline ("caf\u{e9} has " ^ string_of_int (String.length "caf\u{e9}") ^ " bytes")
