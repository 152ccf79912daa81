(* exit 300 gives process status 44 (300 mod 256). *)
let () = exit 300
