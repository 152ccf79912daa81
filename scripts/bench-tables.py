#!/usr/bin/env python3
# Prints the Markdown tables of BENCHMARKS.md from criterion's results
# (target/criterion/**/new/) and the allocator counts the bench binaries
# write (target/bench-counts/*.jsonl): medians, ratios, calls per iteration.
#
# Usage: scripts/bench-tables.py [TARGET_DIR]   (default: target)

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target")


THROUGHPUT = {}


def load_criterion():
    results = {}
    for dirpath, _dirs, files in os.walk(os.path.join(TARGET, "criterion")):
        if os.path.basename(dirpath) != "new" or "benchmark.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            bench = json.load(f)
        with open(os.path.join(dirpath, "estimates.json")) as f:
            est = json.load(f)
        key = (bench["group_id"], bench.get("function_id") or "", bench.get("value_str") or "")
        results[key] = est["median"]["point_estimate"]
        THROUGHPUT[key] = (bench.get("throughput") or {}).get("Bytes")
    return results


def load_counts():
    counts = {}
    d = os.path.join(TARGET, "bench-counts")
    if not os.path.isdir(d):
        return counts
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name)) as f:
            for line in f:
                if line.strip():
                    c = json.loads(line)
                    counts.setdefault((c["group"], c["name"]), {}).update(c)
    return counts


def fmt_time(ns):
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.1f} ns"


def fmt_bytes(b):
    for unit, size in (("MB", 1e6), ("KB", 1e3)):
        if b >= size:
            return f"{b / size:.1f} {unit}"
    return f"{b:.0f} B"


def fmt_n(x):
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.1f}"


def rank(name):
    """Region first, then bumpalo, typed-arena, Box; reset before fresh."""
    for i, prefix in enumerate(("region", "drop region", "bumpalo", "drop bumpalo", "typed-arena", "drop typed-arena")):
        if name.startswith(prefix):
            return (i, "fresh" in name, name)
    return (9, "all dropped" in name, name)


def variants(results, group):
    seen = []
    for (g, fn, _v) in results:
        if g == group and fn not in seen:
            seen.append(fn)
    return sorted(seen, key=rank)


def alloc_tables(res, counts):
    n = 100_000
    groups = [
        "alloc_u64",
        "alloc_32B",
        "alloc_mixed_sizes",
        "alloc_str",
        "alloc_slice",
        "mixed_strings_slices",
        "fresh_vs_reset_32B",
    ]
    for g in groups:
        names = variants(res, g)
        if not names:
            continue
        base = next((x for x in names if x.startswith("region")), names[0])
        print(f"\n`{g}` (100,000 allocations per iteration)\n")
        print("| variant | median / iteration | ns / allocation | × region | interleaved min, ns / allocation | × region | global-allocator calls / iteration | page faults / iteration (timed) |")
        print("|---|---|---|---|---|---|---|---|")
        base_min = counts.get((g, base), {}).get("min_ns")
        for v in names:
            ns = res[(g, v, "")]
            c = counts.get((g, v), {})
            m = c.get("min_ns")
            mins = f"{m / n:.2f} | {m / base_min:.2f}" if m and base_min else " | "
            print(
                f"| {v} | {fmt_time(ns)} | {ns / n:.2f} | {ns / res[(g, base, '')]:.2f} | {mins} | "
                f"{fmt_n(c.get('calls', float('nan')))} | {fmt_n(c.get('timed_faults', float('nan')))} |"
            )
    g = "free_1M_nodes"
    names = variants(res, g)
    if names:
        print(f"\n`{g}` (dropping 1,000,000 32-byte nodes)\n")
        print("| variant | median drop | × region | frees |")
        print("|---|---|---|---|")
        for v in names:
            ns = res[(g, v, "")]
            c = counts.get((g, v), {})
            ratio = ns / res[(g, "drop region", "")]
            print(f"| {v} | {fmt_time(ns)} | {ratio:.2g} | {fmt_n(c.get('frees', 0))} |" if ratio < 10 else
                  f"| {v} | {fmt_time(ns)} | {ratio:,.0f} | {fmt_n(c.get('frees', 0))} |")


def ast_tables(res, counts):
    sizes = ["64KB", "1MB", "10MB"]
    vs = ["region", "region-reset", "typed-arena", "bumpalo", "Box"]
    measures = [("ast_build", "build"), ("ast_drop", "drop"), ("ast_build_drop", "build + drop"), ("ast_fold", "fold")]
    for size in sizes:
        if ("ast_build_drop", "region", size) not in res:
            continue
        print(f"\nAST, {size} program (medians; × = time / region's time)\n")
        print("| variant | " + " | ".join(f"{m} | ×" for _, m in measures) + " | calls | frees | bytes requested | peak live | faults |")
        print("|---|" + "---|---|" * len(measures) + "---|---|---|---|---|")
        for v in vs:
            cells = []
            for gid, _m in measures:
                ns = res.get((gid, v, size))
                base = res.get((gid, "region", size))
                if ns is None:
                    cells += ["", ""]
                else:
                    cells += [fmt_time(ns), f"{ns / base:.2f}" if base else ""]
            c = counts.get(("ast_build_drop", f"{v}/{size}"), {})
            print(
                f"| {v} | " + " | ".join(cells)
                + f" | {fmt_n(c.get('calls', 0))} | {fmt_n(c.get('frees', 0))} | {fmt_bytes(c.get('bytes', 0))}"
                + f" | {fmt_bytes(c.get('peak', 0))} | {fmt_n(round(c.get('timed_faults', 0)))} |"
            )
        if not counts.get(("ast_build", f"region/{size}"), {}).get("min_ns"):
            continue
        print(f"\nAST, {size} program, interleaved minimum of each variant and measure\n")
        print("| variant | " + " | ".join(f"{m} | ×" for _, m in measures) + " |")
        print("|---|" + "---|---|" * len(measures))
        for v in vs:
            cells = []
            for gid, _m in measures:
                m = counts.get((gid, f"{v}/{size}"), {}).get("min_ns")
                base = counts.get((gid, f"region/{size}"), {}).get("min_ns")
                cells += [fmt_time(m), f"{m / base:.2f}"] if m and base else ["", ""]
            print(f"| {v} | " + " | ".join(cells) + " |")


def compiles_tables(res, counts):
    g = "compiles_1024"
    names = variants(res, g)
    if names:
        print("\nMany short compiles (1,024 programs of 256 B to 4 KB, one after another)\n")
        print("| variant | median for 1,024 | µs / compile | × region reset (same phases) | interleaved min, µs / compile | × region reset | global-allocator calls / compile | bytes requested / compile | page faults / compile (timed) |")
        print("|---|---|---|---|---|---|---|---|---|")
        for v in names:
            ns = res[(g, v, "")]
            phases = "(front end)" if "front end" in v else "(parse)"
            base = res.get((g, f"region reset {phases}", ""))
            c = counts.get(("compiles", v), {})
            m = c.get("min_ns")
            mb = counts.get(("compiles", f"region reset {phases}"), {}).get("min_ns")
            mins = f"{m / 1024 / 1e3:.2f} | {m / mb:.2f}" if m and mb else " | "
            print(
                f"| {v} | {fmt_time(ns)} | {ns / 1024 / 1e3:.2f} | {ns / base:.2f} | {mins} | "
                f"{fmt_n(c.get('calls', 0))} | {fmt_bytes(c.get('bytes', 0))} | {c.get('timed_faults', 0):.2f} |"
            )
        print("\nWhere the reset variant's calls come from (steady state, per compile)\n")
        print("| phase | calls | frees | bytes requested |")
        print("|---|---|---|---|")
        for (grp, name), c in counts.items():
            if grp == "compiles_phases":
                print(f"| {name.split(': ')[-1]} | {fmt_n(c['calls'])} | {fmt_n(c['frees'])} | {fmt_bytes(c['bytes'])} |")


def phase_tables(res, counts):
    g = "phase_10MB"
    names = variants(res, g)
    if names:
        print("\nFront-end phases on the 10 MB program (region reset between iterations)\n")
        print("| phase | median | MB/s | interleaved min | MB/s |")
        print("|---|---|---|---|---|")
        order = ["lex", "parse (tokens to AST)", "lex + parse", "resolve", "type-check"]
        for v in sorted(names, key=lambda n: order.index(n) if n in order else 9):
            ns = res[(g, v, "")]
            size = THROUGHPUT.get((g, v, "")) or 10 << 20
            m = counts.get((g, v), {}).get("min_ns")
            mins = f"{fmt_time(m)} | {size / m * 1e3:.1f}" if m else " | "
            print(f"| {v} | {fmt_time(ns)} | {size / ns * 1e3:.1f} | {mins} |")


def main():
    res = load_criterion()
    counts = load_counts()
    alloc_tables(res, counts)
    ast_tables(res, counts)
    compiles_tables(res, counts)
    phase_tables(res, counts)


if __name__ == "__main__":
    main()
