let () = ;
