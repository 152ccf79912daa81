let n = - true
