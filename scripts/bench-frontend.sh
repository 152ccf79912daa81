#!/usr/bin/env bash
# Whole-process front end against OCaml's, with hyperfine:
# 1. on the generated 10 MB program (the one the criterion benches use:
#    10485760 bytes, seed 1): `minilang --check` (lex, parse, resolve,
#    type-check) against `ocamlc -stop-after parsing`, as the issue asks;
# 2. like for like, on the generated 1 MB program (1048576 bytes, seed 1):
#    `minilang --check` against `ocamlc -stop-after typing` (OCaml's type
#    checker is too slow for 10 MB runs).
# Plus the peak memory of each. Results go to target/bench-frontend/.
#
# Usage: scripts/bench-frontend.sh [hyperfine options; default --warmup 1 --min-runs 5]
# Needs: cargo, hyperfine, ocamlc (Debian: ocaml-nox), GNU time (optional).
set -euo pipefail

cd "$(dirname "$0")/.."
# Options for hyperfine: the arguments, or these defaults.
if [ $# -gt 0 ]; then opts=("$@"); else opts=(--warmup 1 --min-runs 5); fi
for tool in hyperfine ocamlc; do
    command -v "$tool" >/dev/null || { echo "bench-frontend: $tool is not installed" >&2; exit 1; }
done

cargo build --release -q -p minilang
cargo build --release -q --example gen_program
bin=$PWD/target/release/minilang
out=$PWD/target/bench-frontend
mkdir -p "$out" target/bench-data
prog=$PWD/target/bench-data/prog_10M.ml
small=$PWD/target/bench-data/prog_1M.ml
target/release/examples/gen_program 10485760 1 >"$prog"
target/release/examples/gen_program 1048576 1 >"$small"
echo "programs: $prog ($(wc -c <"$prog") bytes), $small ($(wc -c <"$small") bytes)"

"$bin" --check "$prog"
"$bin" --check "$small"
# ocamlc writes nothing with -stop-after parsing; run it in a scratch
# directory anyway, so that no build product can land in the repository.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && ocamlc -stop-after parsing -c "$prog" && ocamlc -stop-after typing -c "$small")

hyperfine "${opts[@]}" --style basic \
    --export-json "$out/frontend.json" --export-markdown "$out/frontend.md" \
    -n "minilang --check" "$bin --check $prog" \
    -n "ocamlc -stop-after parsing" "cd $scratch && ocamlc -stop-after parsing -c $prog"

hyperfine --warmup 1 --min-runs 3 --style basic \
    --export-json "$out/typing.json" --export-markdown "$out/typing.md" \
    -n "minilang --check" "$bin --check $small" \
    -n "ocamlc -stop-after typing" "cd $scratch && ocamlc -stop-after typing -c $small"

if [ -x /usr/bin/time ]; then
    echo
    for cmd in "$bin --check $prog" "ocamlc -stop-after parsing -c $prog" \
        "$bin --check $small" "ocamlc -stop-after typing -c $small"; do
        (cd "$scratch" && /usr/bin/time -f "peak memory %M KiB: $cmd" $cmd)
    done
fi

echo
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" "$(wc -c <"$prog")" "$(wc -c <"$small")" <<'PY'
import json, sys
out, big, small = sys.argv[1], int(sys.argv[2]) / 1e6, int(sys.argv[3]) / 1e6
for name, mb, theirs in (("frontend", big, "ocamlc -stop-after parsing"), ("typing", small, "ocamlc -stop-after typing")):
    res = {r["command"]: r for r in json.load(open(f"{out}/{name}.json"))["results"]}
    m, o = res["minilang --check"]["median"], res[theirs]["median"]
    mm, om = res["minilang --check"]["min"], res[theirs]["min"]
    print(f"{mb:.1f} MB: minilang --check {m:.3f} s ({mb / m:.1f} MB/s); {theirs} {o:.3f} s ({mb / o:.2f} MB/s); "
          f"ratio {o / m:.1f}x (medians), {om / mm:.1f}x (minimums)")
PY
