let f x = () x
