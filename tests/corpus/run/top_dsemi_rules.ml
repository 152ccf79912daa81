;; ;;
(* Leading, trailing and repeated `;;` are all fine. *)
print_string "first";;
;;
print_string " second";;;;
let x = 3;;
print_string " ";;
print_int x
;;
;; print_newline ();;
