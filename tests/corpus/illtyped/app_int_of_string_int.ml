let n = int_of_string 5
