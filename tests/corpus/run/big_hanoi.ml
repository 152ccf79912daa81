(* Towers of Hanoi: print the moves for 4 discs, count them for 20. *)
let rec hanoi n from via to_ =
  if n > 0 then begin
    hanoi (n - 1) from to_ via;
    print_string (from ^ "->" ^ to_ ^ " ");
    hanoi (n - 1) via from to_
  end

let () = hanoi 4 "A" "B" "C"; print_newline ()

let rec moves n = if n = 0 then 0 else 2 * moves (n - 1) + 1
let () = print_int (moves 20); print_newline ()
