(* Integer comparisons are numeric and signed. *)
let pb b = print_string (string_of_bool b); print_string " "
let () = pb (1 < 2); pb (2 < 1); pb (1 <= 1); pb (2 >= 3); pb (3 > 2)
let () = pb (1 = 1); pb (1 <> 1); pb (min_int < max_int); pb (-1 < 0)
let () = pb (max_int + 1 < max_int)
let () = print_newline ()
