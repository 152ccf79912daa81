let open = 1
