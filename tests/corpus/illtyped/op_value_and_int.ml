let b = (&&) 1 true
