(* {%foo id| *) |} |id} *)
let x = 1 + "a"
