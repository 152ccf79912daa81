#!/usr/bin/env bash
# Regenerates the expected outputs of the minilang corpus from OCaml, the reference
# implementation (spec: every minilang program prints what `ocaml prog.ml` prints):
#
#   tests/corpus/run/NAME.ml     -> NAME.stdout (exact bytes) and NAME.status ("N\n"),
#                                   and NAME.stderr when the program dies of an
#                                   exception (the toplevel's report, which minilang's
#                                   stderr must start with)
#   examples/NAME.ml             -> examples/expected/NAME.stdout (status must be 0)
#   tests/corpus/reject/NAME.ml  -> nothing written; checks that OCaml rejects it at
#                                   compile time (status 2, "Error:" on stderr, empty
#                                   stdout), except files marked "deliberate difference"
#                                   (spec section 6), which OCaml must accept.
#
# Each program runs with its own directory as the current directory and its bare file
# name as the argument, exactly as the Rust corpus test runs minilang.
#
# Usage: tests/corpus/gen_expected.sh [NAME.ml ...]   (no arguments: everything)
# Needs OCaml 4.13 on PATH (Debian: apt-get install ocaml-nox).
set -euo pipefail
shopt -s nullglob

root=$(cd "$(dirname "$0")/../.." && pwd)
run_dir=$root/tests/corpus/run
reject_dir=$root/tests/corpus/reject
examples_dir=$root/examples

if ! command -v ocaml >/dev/null; then
    echo "gen_expected.sh: ocaml not found on PATH (apt-get install ocaml-nox)" >&2
    exit 1
fi
version=$(ocaml -vnum)
case $version in
    4.13.*) ;;
    *) echo "gen_expected.sh: warning: OCaml $version, the reference is 4.13" >&2 ;;
esac

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# Filters the work list by the optional NAME.ml arguments.
wanted() {
    [ $# -eq 1 ] && return 0
    local name=$1
    shift
    for arg in "$@"; do
        [ "$(basename "$arg")" = "$name" ] && return 0
    done
    return 1
}

stderr_file=$(mktemp)
trap 'rm -f "$stderr_file"' EXIT

# run_ocaml DIR FILE STDOUT_PATH: runs `ocaml FILE` in DIR; sets $status.
run_ocaml() {
    set +e
    (cd "$1" && ocaml "$2" >"$3" 2>"$stderr_file")
    status=$?
    set -e
}

count_run=0
for f in "$run_dir"/*.ml; do
    name=$(basename "$f")
    wanted "$name" "$@" || continue
    base=${f%.ml}
    run_ocaml "$run_dir" "$name" "$base.stdout"
    echo "$status" >"$base.status"
    if [ "$(head -c 10 "$stderr_file")" = "Exception:" ]; then
        cp "$stderr_file" "$base.stderr"
    else
        rm -f "$base.stderr"
    fi
    if grep -q "^Error:" "$stderr_file"; then
        fail "run/$name: OCaml reports a compile error:"
        cat "$stderr_file" >&2
    fi
    count_run=$((count_run + 1))
done

count_examples=0
mkdir -p "$examples_dir/expected"
for f in "$examples_dir"/*.ml; do
    name=$(basename "$f")
    wanted "$name" "$@" || continue
    run_ocaml "$examples_dir" "$name" "$examples_dir/expected/${name%.ml}.stdout"
    if [ "$status" -ne 0 ]; then
        fail "examples/$name: OCaml exited with status $status (examples must succeed)"
        cat "$stderr_file" >&2
    fi
    count_examples=$((count_examples + 1))
done

count_reject=0
out_file=$(mktemp)
trap 'rm -f "$stderr_file" "$out_file"' EXIT
for f in "$reject_dir"/*.ml; do
    name=$(basename "$f")
    wanted "$name" "$@" || continue
    run_ocaml "$reject_dir" "$name" "$out_file"
    if grep -q "deliberate difference" "$f"; then
        if grep -q "^Error:" "$stderr_file"; then
            fail "reject/$name: marked as a deliberate difference but OCaml rejects it too"
        fi
    else
        if [ "$status" -ne 2 ] || ! grep -q "^Error:" "$stderr_file" || [ -s "$out_file" ]; then
            fail "reject/$name: OCaml does not reject it at compile time (status $status)"
            cat "$stderr_file" >&2
        fi
    fi
    count_reject=$((count_reject + 1))
done

echo "gen_expected.sh: $count_run run programs, $count_examples examples, $count_reject reject programs checked with OCaml $version"
if [ "$failures" -ne 0 ]; then
    echo "gen_expected.sh: $failures failure(s)" >&2
    exit 1
fi
