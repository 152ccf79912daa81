#!/usr/bin/env bash
# Reproduces BENCHMARKS.md's "Region against bump-scope" table with the
# harness examples/alloc_counts.rs:
#   scripts/bench-alloc.sh counts          instructions per allocation (callgrind)
#   scripts/bench-alloc.sh time [ROUNDS]   interleaved minimum, µs per 100,000
#   scripts/bench-alloc.sh ast [BYTES] [ROUNDS]
#                                          AST build: instructions (1 MB, callgrind)
#                                          and interleaved minima in both orders
# Needs valgrind for `counts` and `ast`. Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --profile bench --example alloc_counts
bin="${CARGO_TARGET_DIR:-target}/release/examples/alloc_counts"
mode="${1:-counts}"

# Instructions of `run VARIANT TIMES`, counted inside the variant's function only.
instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        --collect-atstart=no --toggle-collect="*::$1" \
        "$bin" run "$1" "$2" 2>&1 | awk '/Collected :/ { print $NF }'
}

case "$mode" in
counts)
    times=5
    echo "instructions per allocation (per push for vec_*), $times runs of 100,000"
    for v in $("$bin" list | grep -v '^ast_'); do
        ir=$(instructions "$v" "$times")
        awk -v v="$v" -v ir="$ir" -v n=$((times * 100000)) \
            'BEGIN { printf "%-18s %6.2f\n", v, ir / n }'
    done
    ;;
time)
    echo "interleaved minimum over ${2:-300} rounds, µs per 100,000 (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    "$bin" time "${2:-300}"
    ;;
ast)
    bytes="${2:-1048576}"
    rounds="${3:-10}"
    echo "AST build of the 1 MB program, instructions per build (callgrind, 1 build)"
    for v in $("$bin" list | grep '^ast_'); do
        ir=$(instructions "$v" 1)
        awk -v v="$v" -v ir="$ir" 'BEGIN { printf "%-18s %8.2f M\n", v, ir / 1e6 }'
    done
    for order in forward reverse; do
        echo "AST build, $bytes bytes, interleaved minimum over $rounds rounds, $order order (load: $(cut -d' ' -f1-3 /proc/loadavg))"
        "$bin" ast "$bytes" "$rounds" "$order"
    done
    ;;
*)
    sed -n '2,9p' "$0"
    exit 2
    ;;
esac
