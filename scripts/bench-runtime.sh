#!/usr/bin/env bash
# Run time, whole process: `minilang` (release build) against the `ocaml`
# toplevel and `python3` on fib 30, a tail-recursive loop, closure-heavy
# code and string building. One hyperfine run per program measures the three
# commands together; the JSON and Markdown exports go to target/bench-runtime/
# and a summary with the ratios is printed at the end.
#
# Usage: scripts/bench-runtime.sh [hyperfine options; default --warmup 2 --min-runs 10]
# Needs: cargo, hyperfine, ocaml (Debian: ocaml-nox), python3.
set -euo pipefail

cd "$(dirname "$0")/.."
# Options for hyperfine: the arguments, or these defaults.
if [ $# -gt 0 ]; then opts=("$@"); else opts=(--warmup 2 --min-runs 10); fi
for tool in hyperfine ocaml python3; do
    command -v "$tool" >/dev/null || { echo "bench-runtime: $tool is not installed" >&2; exit 1; }
done

cargo build --release -q -p minilang
bin=target/release/minilang
out=target/bench-runtime
mkdir -p "$out"

# name, minilang/ocaml program, python program
programs=(
    "fib:examples/fib.ml:scripts/bench/fib.py"
    "tail_loop:scripts/bench/tail_loop.ml:scripts/bench/tail_loop.py"
    "closures:scripts/bench/closures.ml:scripts/bench/closures.py"
    "strings:scripts/bench/strings.ml:scripts/bench/strings.py"
)

for entry in "${programs[@]}"; do
    IFS=: read -r name ml py <<<"$entry"
    # The three must print the same thing, or the comparison means nothing.
    want=$(ocaml "$ml")
    [ "$("$bin" "$ml")" = "$want" ] || { echo "bench-runtime: minilang disagrees with ocaml on $ml" >&2; exit 1; }
    [ "$(python3 "$py")" = "$want" ] || { echo "bench-runtime: $py disagrees with ocaml on $ml" >&2; exit 1; }
    echo "== $name: $want"
    hyperfine "${opts[@]}" --style basic \
        --export-json "$out/$name.json" --export-markdown "$out/$name.md" \
        -n minilang "$bin $ml" \
        -n ocaml "ocaml $ml" \
        -n python3 "python3 $py"
done

echo
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" "${programs[@]}" <<'PY'
import json, sys
out, programs = sys.argv[1], sys.argv[2:]
# Medians, and minimums (load from other processes only adds time).
print("| program | minilang (s) | ocaml (s) | python3 (s) | minilang / ocaml | python3 / minilang | same, from the minimums |")
print("|---|---|---|---|---|---|---|")
for entry in programs:
    name = entry.split(":")[0]
    res = {r["command"]: r for r in json.load(open(f"{out}/{name}.json"))["results"]}
    m, o, p = (res[k]["median"] for k in ("minilang", "ocaml", "python3"))
    mm, om, pm = (res[k]["min"] for k in ("minilang", "ocaml", "python3"))
    print(f"| {name} | {m:.3f} | {o:.3f} | {p:.3f} | {m / o:.2f}x | {p / m:.2f}x | {mm / om:.2f}x, {pm / mm:.2f}x |")
PY
