#!/usr/bin/env bash
# Compares `minilang --check` of two binaries on one program: callgrind
# instruction counts (total and by phase: the inclusive costs of the calls
# the pipeline makes), the region bytes (`--stats`), and the wall time of
# RUNS interleaved runs (base, new, base, new, ...), whose minima give the
# ratio (medians shown too). Instruction counts do not depend on the load
# of the machine; wall times do, hence the interleaving and the minimum.
#
#   scripts/check-speed.sh BASE_BIN NEW_BIN FILE [RUNS]
#
# RUNS defaults to 20. Needs valgrind (callgrind_annotate).
set -euo pipefail
base=$(realpath "$1")
new=$(realpath "$2")
file=$(realpath "$3")
runs=${4:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The total, then `phase instructions` for each call of the pipeline.
count() {
    local out="$work/cg.$1"
    valgrind --tool=callgrind --callgrind-out-file="$out" "$2" --check "$file" \
        >/dev/null 2>&1 || true
    local total
    total=$(sed -n 's/^summary: //p' "$out")
    printf '  total       %6.1f M\n' "$(echo "$total / 1000000" | bc -l)"
    # The callees of the pipeline function (`compile`, `compile_with`).
    callgrind_annotate --tree=calling --inclusive=yes "$out" 2>/dev/null |
        awk '!done && /\* .*pipeline::compile[a-z_]* \[/ { on = 1; next }
             on && /^$/ { on = 0; done = 1 }
             done { next }
             on && /=>|>/ {
                 n = $1; gsub(",", "", n)
                 phase = ""
                 if ($0 ~ /parser::parse /) phase = "lex+parse"
                 else if ($0 ~ /resolve::resolve(_names)? /) phase = "resolve"
                 else if ($0 ~ /typeck::check /) phase = "typeck"
                 if (phase != "") printf "  %-11s %6.1f M\n", phase, n / 1e6
             }'
    "$2" --stats --check "$file" 2>&1 | sed -n 's/^region: \([0-9]*\) bytes used.*/  region      \1 bytes/p'
}

echo "base: $base"
count base "$base"
echo "new:  $new"
count new "$new"

# Wall time in milliseconds of one run.
wall() {
    local t0 t1
    t0=$(date +%s%N)
    "$1" --check "$file" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}
"$base" --check "$file" >/dev/null 2>&1 || true # warm the page cache
"$new" --check "$file" >/dev/null 2>&1 || true
: >"$work/base.ms"
: >"$work/new.ms"
for _ in $(seq 1 "$runs"); do
    wall "$base" >>"$work/base.ms"
    wall "$new" >>"$work/new.ms"
done
stat() { sort -n "$1" | awk '{ a[NR] = $1 } END { printf "%d %d", a[1], a[int((NR + 1) / 2)] }'; }
read -r bmin bmed <<<"$(stat "$work/base.ms")"
read -r nmin nmed <<<"$(stat "$work/new.ms")"
echo "wall, $runs interleaved runs each: base min $bmin ms median $bmed ms;" \
    "new min $nmin ms median $nmed ms"
printf 'ratio new/base: minimum %.2f, median %.2f\n' \
    "$(echo "$nmin / $bmin" | bc -l)" "$(echo "$nmed / $bmed" | bc -l)"
