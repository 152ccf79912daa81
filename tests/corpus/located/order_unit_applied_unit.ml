let _ = 1
let () () = zzz
