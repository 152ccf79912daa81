let () = ignore ((* c *) ( (assert (1 = 2)) ))
