(* Quoted strings with an extension name are strings inside comments too. *)
(* {%foo| *) |} *)
let () = print_endline "1"
(* {%foo id| *) |} |id} *)
let () = print_endline "2"
(* {%%foo.bar  id| "*)" |x} |id} *)
let () = print_endline "3"
(* (* {%a|*)|} *) {%b.c|(*|} *)
let () = print_endline "4"
(* {%foo. "*)" *)
let () = print_endline "5"
(* {%Foo| *) |} *)
let () = print_endline "6"
(* {%foo	 x| *) |x} *)
let () = print_endline "7"
(* {%foobar| *) |bar} |} *)
let () = print_endline "8"
