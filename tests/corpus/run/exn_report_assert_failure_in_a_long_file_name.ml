(* The file name is part of the report: this one wraps after "Exception:". *)
let () = assert (1 = 2)
