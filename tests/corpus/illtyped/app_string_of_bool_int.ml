let s = string_of_bool 1
