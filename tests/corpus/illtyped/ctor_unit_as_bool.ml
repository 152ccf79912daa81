let b = not ()
