let f = (--)
