# The loop of tail_loop.ml, written as Python would (no tail calls there).


def loop(i, acc):
    while i != 0:
        acc = acc + (i % 7) * 3
        i = i - 1
    return acc


print("loop = " + str(loop(5_000_000, 0)))
