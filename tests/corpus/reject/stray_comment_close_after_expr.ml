let x = 1 *)
