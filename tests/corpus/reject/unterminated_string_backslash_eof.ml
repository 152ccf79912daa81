let s = "abc\
