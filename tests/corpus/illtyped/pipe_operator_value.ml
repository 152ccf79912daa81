let x = (|>) 2 1
