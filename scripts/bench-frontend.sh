#!/usr/bin/env bash
# Whole-process front end on the generated 10 MB program (the one the
# criterion benches use: 10485760 bytes, seed 1): `minilang --check` (lex,
# parse, resolve) against `ocamlc -stop-after parsing`, in one hyperfine
# run, plus the peak memory of each. Results go to target/bench-frontend/.
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
target/release/examples/gen_program 10485760 1 >"$prog"
echo "program: $prog ($(wc -c <"$prog") bytes, $(wc -l <"$prog") lines)"

"$bin" --check "$prog"
# ocamlc writes nothing with -stop-after parsing; run it in a scratch
# directory anyway, so that no build product can land in the repository.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && ocamlc -stop-after parsing -c "$prog")

hyperfine "${opts[@]}" --style basic \
    --export-json "$out/frontend.json" --export-markdown "$out/frontend.md" \
    -n "minilang --check" "$bin --check $prog" \
    -n "ocamlc -stop-after parsing" "cd $scratch && ocamlc -stop-after parsing -c $prog"

if [ -x /usr/bin/time ]; then
    echo
    for cmd in "$bin --check $prog" "ocamlc -stop-after parsing -c $prog"; do
        (cd "$scratch" && /usr/bin/time -f "peak memory %M KiB: $cmd" $cmd)
    done
fi

echo
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out/frontend.json" "$(wc -c <"$prog")" <<'PY'
import json, sys
res = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
mb = int(sys.argv[2]) / 1e6
m, o = res["minilang --check"], res["ocamlc -stop-after parsing"]
print(f"minilang --check: {m:.3f} s ({mb / m:.1f} MB/s); ocamlc parsing: {o:.3f} s ({mb / o:.1f} MB/s); ratio {o / m:.1f}x")
PY
