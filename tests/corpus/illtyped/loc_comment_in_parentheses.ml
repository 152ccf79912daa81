let n = 1 + ( (* why *) "a" )
