let g () = let rec loop n = if n = 0 then "done" else loop (n - 1) + 1 in loop 3
