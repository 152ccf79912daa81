let s = String.sub "abc" "0" 1
