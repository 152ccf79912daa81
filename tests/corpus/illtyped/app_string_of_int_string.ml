let s = string_of_int "5"
