#!/usr/bin/env bash
# Runs the `minilang` command under valgrind (memcheck) on every program of
# the repository: tests/corpus/**/*.ml (programs that run, programs that
# must be rejected, ill-typed ones) and examples/*.ml. Fails if any run has
# an invalid read or write, a use of uninitialised memory, a bad free, or a
# leak: "definitely lost" or "indirectly lost" bytes.
#
# "Possibly lost" and "still reachable" blocks are not shown or counted:
# they are memory that is still pointed to when the process exits (Rust's std keeps its stdout buffer, thread-local state and the
# thread bookkeeping of the big-stack evaluation thread until exit, and
# `std::process::exit` skips destructors by design). A real leak, memory
# nothing points to any more, is "definitely lost"; what it pointed to is
# "indirectly lost".
#
# The command runs with `--max-stack 256M` in both runs compared: memcheck
# spends about 10 s of CPU setting up the default 4 GiB evaluation stack,
# 0.7 s for 256 MiB. A program recursing deeper than that stack allows ends
# in Stack_overflow in both runs (no program of the repository behaves
# differently with 256 MiB).
#
# Usage: scripts/valgrind.sh [--debug] [JOBS]
#   --debug   check the debug build instead of the release build
#   JOBS      programs checked in parallel (default: the number of CPUs)
# Logs go to target/valgrind/. Exit status 0 when every program is clean.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
if [ "${1:-}" = "--debug" ]; then
    profile=debug
    shift
fi
jobs=${1:-$(nproc)}
case "$jobs" in
    '' | *[!0-9]*) echo "usage: scripts/valgrind.sh [--debug] [JOBS]" >&2; exit 64 ;;
esac

command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
if [ "$profile" = release ]; then
    cargo build --release -p minilang --quiet
else
    cargo build -p minilang --quiet
fi
bin="target/$profile/minilang"
logs=target/valgrind
rm -rf "$logs"
mkdir -p "$logs"

check_one() {
    local bin=$1 logs=$2 file=$3
    local name
    name=$(echo "$file" | tr '/' '_')
    # The status without valgrind: under valgrind it must be the same
    # (valgrind's own --error-exitcode is 1, but a program may `exit 1`,
    # so the error summary decides).
    local expected=0 actual=0
    "$bin" --max-stack 256M "$file" >/dev/null 2>&1 </dev/null || expected=$?
    valgrind --quiet --error-exitcode=1 --leak-check=full \
        --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
        --log-file="$logs/$name.log" \
        "$bin" --max-stack 256M "$file" >/dev/null 2>&1 </dev/null || actual=$?
    if [ -s "$logs/$name.log" ] || [ "$actual" != "$expected" ]; then
        echo "FAIL $file (status $actual, without valgrind $expected): $logs/$name.log"
        return 1
    fi
    echo "ok   $file"
}
export -f check_one

files=$(find tests/corpus examples -name '*.ml' -type f | sort)
count=$(echo "$files" | wc -l)
echo "valgrind memcheck over $count programs ($profile build, $jobs at a time)"
set +e
echo "$files" | xargs -P "$jobs" -I{} bash -c 'check_one "$@"' _ "$bin" "$logs" {} >"$logs/summary.txt"
set -e
failed=$(grep -c '^FAIL' "$logs/summary.txt" || true)
grep '^FAIL' "$logs/summary.txt" || true
echo "$((count - failed)) of $count programs clean (no invalid access, no definite or indirect leak)"
[ "$failed" = 0 ]
