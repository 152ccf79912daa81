#!/usr/bin/env python3
# Draws the benchmark charts of BENCHMARKS.md from criterion's results:
# docs/alloc.svg (ns per allocation by allocator) and docs/ast.svg (AST
# build + drop time per MB of source against source size). Hand-written
# SVG, standard library only.
#
# Usage: scripts/charts.py [CRITERION_DIR] [OUT_DIR]
#   defaults: target/criterion and docs (relative to the repository root).
# Run `cargo bench --bench alloc --bench ast` first.

import json
import math
import os
import sys
from html import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRITERION = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "criterion")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "docs")

FONT = "font-family='DejaVu Sans, Helvetica, Arial, sans-serif'"
COLOURS = {
    "region": "#1f77b4",
    "region-reset": "#6baed6",
    "bumpalo": "#ff7f0e",
    "typed-arena": "#2ca02c",
    "Box": "#d62728",
    "Box, all live": "#8c1c1c",
}


def load():
    """{(group, function, value): median ns} from every new/benchmark.json."""
    results = {}
    for dirpath, _dirs, files in os.walk(CRITERION):
        if os.path.basename(dirpath) != "new" or "benchmark.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            bench = json.load(f)
        with open(os.path.join(dirpath, "estimates.json")) as f:
            est = json.load(f)
        key = (bench["group_id"], bench.get("function_id") or "", bench.get("value_str") or "")
        results[key] = est["median"]["point_estimate"]
    return results


def allocator(name):
    """The allocator a variant name stands for."""
    for a in ("region", "bumpalo", "typed-arena"):
        if name.startswith(a):
            return a
    return "Box, all live" if "all dropped after" in name else "Box"


def text(x, y, s, size=12, anchor="start", weight="normal", colour="#222"):
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' {FONT} font-size='{size}' "
        f"text-anchor='{anchor}' font-weight='{weight}' fill='{colour}'>{escape(s)}</text>"
    )


def svg(width, height, body):
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}'>\n"
        f"<rect width='100%' height='100%' fill='white'/>\n" + "\n".join(body) + "\n</svg>\n"
    )


def alloc_chart(results, n=100_000):
    groups = [
        ("alloc_u64", "u64"),
        ("alloc_32B", "32-byte node"),
        ("alloc_mixed_sizes", "mixed sizes"),
        ("alloc_str", "strings"),
        ("alloc_slice", "slices"),
    ]
    order = ["region", "bumpalo", "typed-arena", "Box", "Box, all live"]
    rows = []
    for gid, label in groups:
        bars = {}
        for (g, fn, _v), ns in results.items():
            if g == gid:
                bars[allocator(fn)] = ns / n
        if bars:
            rows.append((label, bars))
    if not rows:
        return None
    top = max(v for _, bars in rows for v in bars.values())
    scale_max = math.ceil(top / 5) * 5
    left, right, bar_h, gap, head = 120, 90, 14, 16, 60
    plot_w = 520
    height = head + sum(len(bars) * bar_h + gap for _, bars in rows) + 50
    width = left + plot_w + right
    body = [
        text(width / 2, 24, "Time per allocation (criterion median, 100,000 allocations per iteration)", 14, "middle", "bold"),
        text(width / 2, 42, "region and bumpalo reset and reused; typed-arena fresh per iteration; Box: Box::new + drop, or all live then freed", 11, "middle", colour="#555"),
    ]
    x0 = left
    for t in range(0, scale_max + 1, 5):
        x = x0 + plot_w * t / scale_max
        body.append(f"<line x1='{x:.1f}' y1='{head - 6}' x2='{x:.1f}' y2='{height - 40}' stroke='#ddd'/>")
        body.append(text(x, height - 26, f"{t} ns", 10, "middle", colour="#555"))
    y = head
    for label, bars in rows:
        body.append(text(left - 10, y + len(bars) * bar_h / 2 + 4, label, 12, "end", "bold"))
        for a in order:
            if a in bars:
                w = plot_w * bars[a] / scale_max
                body.append(
                    f"<rect x='{x0}' y='{y}' width='{max(w, 1):.1f}' height='{bar_h - 2}' fill='{COLOURS[a]}'/>"
                )
                body.append(text(x0 + w + 4, y + bar_h - 4, f"{a} {bars[a]:.2f} ns", 10))
                y += bar_h
        y += gap
    return svg(width, height, body)


def ast_chart(results):
    sizes = [("64KB", 64 * 1024), ("1MB", 1 << 20), ("10MB", 10 << 20)]
    variants = ["region", "region-reset", "typed-arena", "bumpalo", "Box"]
    series = {}
    for v in variants:
        # Milliseconds per MB of source (the throughput's inverse).
        pts = [(label, b, results.get(("ast_build_drop", v, label))) for label, b in sizes]
        pts = [(label, b, ns / 1e6 / (b / 1e6)) for label, b, ns in pts if ns is not None]
        if pts:
            series[v] = pts
    if not series:
        return None
    left, right, top, bottom = 80, 200, 60, 70
    plot_w, plot_h = 460, 300
    width, height = left + plot_w + right, top + plot_h + bottom
    top_val = max(ms for pts in series.values() for _, _, ms in pts)
    step = 10 if top_val > 40 else 5
    y_max = math.ceil(top_val / step) * step
    lx0, lx1 = math.log10(sizes[0][1]) - 0.2, math.log10(sizes[-1][1]) + 0.2

    def px(b):
        return left + plot_w * (math.log10(b) - lx0) / (lx1 - lx0)

    def py(ms):
        return top + plot_h * (1 - ms / y_max)

    body = [
        text(width / 2, 24, "minilang AST: build + drop time per MB of source", 14, "middle", "bold"),
        text(width / 2, 42, "the same parser; lex + parse + free the tree; criterion median (lower is better)", 11, "middle", colour="#555"),
        f"<rect x='{left}' y='{top}' width='{plot_w}' height='{plot_h}' fill='none' stroke='#999'/>",
    ]
    for t in range(0, y_max + 1, step):
        y = py(t)
        body.append(f"<line x1='{left}' y1='{y:.1f}' x2='{left + plot_w}' y2='{y:.1f}' stroke='#ddd'/>")
        body.append(text(left - 6, y + 4, f"{t} ms/MB", 10, "end", colour="#555"))
    for label, b in sizes:
        x = px(b)
        body.append(text(x, top + plot_h + 18, label, 11, "middle"))
    body.append(text(left + plot_w / 2, top + plot_h + 36, "source size (log scale)", 11, "middle", colour="#555"))
    ly = top + 10
    for v, pts in series.items():
        c = COLOURS[v]
        path = " ".join(f"{px(b):.1f},{py(ms):.1f}" for _, b, ms in pts)
        dash = " stroke-dasharray='5,3'" if v == "region-reset" else ""
        body.append(f"<polyline points='{path}' fill='none' stroke='{c}' stroke-width='2'{dash}/>")
        for _, b, ms in pts:
            body.append(f"<circle cx='{px(b):.1f}' cy='{py(ms):.1f}' r='3.5' fill='{c}'/>")
        body.append(f"<line x1='{left + plot_w + 14}' y1='{ly}' x2='{left + plot_w + 34}' y2='{ly}' stroke='{c}' stroke-width='3'{dash}/>")
        body.append(text(left + plot_w + 40, ly + 4, v, 11))
        ly += 20
    box = {label: ms for label, _, ms in series.get("Box", [])}
    reg = {label: ms for label, _, ms in series.get("region", [])}
    if box and reg:
        ratios = ", ".join(f"{label} {box[label] / reg[label]:.1f}x" for label, _ in sizes if label in box and label in reg)
        body.append(text(left + plot_w / 2, height - 10, f"Box tree time / region time: {ratios}", 11, "middle", "bold"))
    return svg(width, height, body)


def main():
    results = load()
    if not results:
        sys.exit(f"charts: no criterion results under {CRITERION}; run cargo bench first")
    os.makedirs(OUT, exist_ok=True)
    for name, chart in (("alloc.svg", alloc_chart(results)), ("ast.svg", ast_chart(results))):
        if chart is None:
            print(f"charts: no data for {name}, skipped")
            continue
        path = os.path.join(OUT, name)
        with open(path, "w") as f:
            f.write(chart)
        print(f"charts: wrote {path}")


if __name__ == "__main__":
    main()
