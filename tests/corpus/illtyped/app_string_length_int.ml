let n = String.length 5
