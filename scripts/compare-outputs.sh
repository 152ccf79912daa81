#!/usr/bin/env bash
# Compares every output of two `minilang` binaries (stdout, stderr, exit
# status) byte for byte: running, --check, -i, --dump-ast and --dump-tokens,
# on every .ml file of the repository and on generated programs (whole ones
# from examples/gen_program.rs, and the same programs cut at a random byte,
# so that the error paths are compared too).
#
#   scripts/compare-outputs.sh OLD_BINARY NEW_BINARY [GENERATED]
#
# GENERATED (default 1000) is the number of generated programs. Prints each
# difference and a summary; exits 1 if any output differs.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1")
new=$(realpath "$2")
count=${3:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/gen"
cargo run --quiet --release --example gen_program -- 1K 1 >/dev/null
gen=target/release/examples/gen_program
half=$(( count / 2 ))
for i in $(seq 1 "$half"); do
    size=$(( 200 + (i * 7919) % 6000 ))
    "$gen" "$size" "$i" > "$work/gen/p$i.ml"
    # The same program cut at a pseudo-random byte: broken syntax, unbound
    # names, half-written literals and comments.
    len=$(wc -c < "$work/gen/p$i.ml")
    head -c $(( (i * 104729) % (len + 1) )) "$work/gen/p$i.ml" > "$work/gen/c$i.ml"
done

files=$( (git ls-files '*.ml'; find "$work/gen" -name '*.ml') | sort)
modes=("" "--check" "-i" "--dump-ast" "--dump-tokens")
n=0
diffs=0
for f in $files; do
    for mode in "${modes[@]}"; do
        n=$(( n + 1 ))
        # shellcheck disable=SC2086 # an empty mode is no argument
        (cd "$(dirname "$f")" && timeout 20 "$old" $mode "$(basename "$f")" \
            >"$work/o.out" 2>"$work/o.err" </dev/null; echo $? >"$work/o.st") || true
        # shellcheck disable=SC2086
        (cd "$(dirname "$f")" && timeout 20 "$new" $mode "$(basename "$f")" \
            >"$work/n.out" 2>"$work/n.err" </dev/null; echo $? >"$work/n.st") || true
        for part in out err st; do
            if ! cmp -s "$work/o.$part" "$work/n.$part"; then
                diffs=$(( diffs + 1 ))
                echo "DIFFERS: $f ${mode:-(run)} std$part"
                diff "$work/o.$part" "$work/n.$part" | head -10 || true
            fi
        done
    done
done
echo "$n runs compared ($(echo "$files" | wc -l) programs x ${#modes[@]} modes), $diffs differences"
[ "$diffs" = 0 ]
