let lsl = 1
