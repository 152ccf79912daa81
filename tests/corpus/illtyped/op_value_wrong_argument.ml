let n = (+) "a" 1
