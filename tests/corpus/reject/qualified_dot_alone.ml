let x = String.
