let x = -
