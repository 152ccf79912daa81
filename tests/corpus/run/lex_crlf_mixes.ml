(* Newlines are CRs then LF: CRLF, CR CR LF, in code, comments and strings. *)
let a = 1
let b = 2
(* a comment with a lone  CR and 
 a CR CR LF *)
let () = print_int (a + b)
let s = "x\
    y"
let () = print_string s
let t = "lonecr"
let () = print_int (String.length t)
let u = "crlf
kept"
let () = print_int (String.length u)
(* '
' "*)" *)
let () = print_newline ()
