# The naive, doubly recursive Fibonacci function, as examples/fib.ml: about
# 1.6 million calls for fib 30. The interpreter benchmark; keep it naive.


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print("fib 30 = " + str(fib(30)))
