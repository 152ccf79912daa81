let n = string.length "abc"
