# The string building of strings.ml: lines built by repeated concatenation.


def line(i, stop):
    acc = ""
    while i <= stop:
        acc = acc + str(i) + ","
        i = i + 1
    return acc


def go(n):
    total = 0
    for k in range(n):
        total = total + len(line(k * 50, k * 50 + 49))
    return total


print("total length = " + str(go(20_000)))
