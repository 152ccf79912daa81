let n =
  1 +
  (if true
   then "a"
   else "b")
