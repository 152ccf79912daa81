let n = String.nonexistent "abc"
