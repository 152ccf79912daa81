let rec f = 1 and g = zzz
