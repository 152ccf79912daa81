let k f = f true; f 1 2
