let n = - ("a" ^ "b")
