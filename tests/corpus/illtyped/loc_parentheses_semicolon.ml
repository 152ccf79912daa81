let () = begin (=) "b"; end
