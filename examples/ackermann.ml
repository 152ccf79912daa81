(* The Ackermann function grows faster than any primitive recursive
   function; even tiny arguments make for deep recursion. *)

let rec ack m n =
  if m = 0 then n + 1
  else if n = 0 then ack (m - 1) 1
  else ack (m - 1) (ack m (n - 1))

(* Prints one row of the table: ack m 0 .. ack m last. *)
let rec row m n last =
  if n <= last then begin
    print_string (string_of_int (ack m n) ^ " ");
    row m (n + 1) last
  end
  else print_newline ()

let () =
  row 0 0 6;
  row 1 0 6;
  row 2 0 6;
  row 3 0 6
