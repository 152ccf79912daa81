let x 1
