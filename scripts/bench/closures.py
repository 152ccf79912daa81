# The closures of closures.ml: three closures made and called per iteration.


def compose(f, g):
    return lambda x: f(g(x))


def add(n):
    return lambda x: x + n


def twice(f):
    return compose(f, f)


def go(i, acc):
    while i != 0:
        acc = twice(add(i))(acc) % 1000003
        i = i - 1
    return acc


print("closures = " + str(go(1_000_000, 0)))
