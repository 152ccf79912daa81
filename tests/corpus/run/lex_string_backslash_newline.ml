(* A backslash-newline skips the newline and the next line's leading blanks. *)
let () = print_string "abc\
            def"
let () = print_string "|tab\
	 	and space|"
let () = print_string "keep\n\
   after escape"
let () = print_string "|\
|"
