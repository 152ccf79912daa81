#!/usr/bin/env bash
# Regenerates the expected diagnostics of the ill-typed corpus from OCaml, the
# reference implementation:
#
#   tests/corpus/illtyped/NAME.ml -> NAME.expected, two lines:
#     LINE:COL-LINE:COL   where `ocamlc` reports the error (lines from 1,
#                         columns in bytes from 0, end exclusive), and
#     MESSAGE             OCaml's error text after "Error: ", its lines joined
#                         and its blanks squeezed (OCaml wraps long messages).
#
# minilang must report its first error at the same place with the same text
# (the test normalises minilang's message the same way). Every file must be a
# *type* error for OCaml: a syntax error or an unbound name fails this script.
# `ocamlc -i` stops at the first error, as the toplevel does, and writes no file.
#
# Usage: tests/corpus/gen_illtyped.sh [NAME.ml ...]   (no arguments: everything)
# Needs OCaml 4.13 on PATH (Debian: apt-get install ocaml-nox).
set -euo pipefail
shopt -s nullglob

root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$root/tests/corpus/illtyped

if ! command -v ocamlc >/dev/null; then
    echo "gen_illtyped.sh: ocamlc not found on PATH (apt-get install ocaml-nox)" >&2
    exit 1
fi
case $(ocamlc -vnum) in
    4.13.*) ;;
    *) echo "gen_illtyped.sh: warning: OCaml $(ocamlc -vnum), the reference is 4.13" >&2 ;;
esac

if [ $# -gt 0 ]; then
    files=("$@")
else
    files=("$dir"/*.ml)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
count=0
for f in "${files[@]}"; do
    name=$(basename "$f" .ml)
    cp "$dir/$name.ml" "$tmp/$name.ml"
    set +e
    (cd "$tmp" && ocamlc -i "$name.ml" >/dev/null 2>"$tmp/stderr")
    status=$?
    set -e
    expected=$(awk '
        /^File "[^"]*", lines? / {
            match($0, /lines? [0-9]+(-[0-9]+)?, characters [0-9]+-[0-9]+/)
            loc = substr($0, RSTART, RLENGTH)
            sub(/^lines? /, "", loc)
            split(loc, parts, ", characters ")
            n = split(parts[1], ls, "-"); l1 = ls[1]; l2 = (n > 1) ? ls[2] : ls[1]
            split(parts[2], cs, "-")
            where = l1 ":" cs[1] "-" l2 ":" cs[2]
        }
        /^Error: / { inerr = 1; msg = substr($0, 8); next }
        inerr && /^ / { msg = msg " " $0; next }
        inerr { inerr = 0 }
        END {
            gsub(/[ \t]+/, " ", msg); sub(/^ /, "", msg); sub(/ $/, "", msg)
            if (where != "" && msg != "") print where "\n" msg
        }' "$tmp/stderr")
    if [ "$status" -ne 2 ] || [ -z "$expected" ]; then
        echo "FAIL: illtyped/$name.ml: ocamlc does not reject it (status $status)" >&2
        cat "$tmp/stderr" >&2
        failures=$((failures + 1))
        continue
    fi
    case $(printf '%s\n' "$expected" | sed -n 2p) in
        "Syntax error"* | "Unbound "* | "Illegal "* | "Variable "*" is bound several times"*)
            echo "FAIL: illtyped/$name.ml: not a type error: $expected" >&2
            failures=$((failures + 1))
            continue
            ;;
    esac
    printf '%s\n' "$expected" >"$dir/$name.expected"
    count=$((count + 1))
done

echo "gen_illtyped.sh: $count ill-typed programs checked with OCaml $(ocamlc -vnum)"
if [ "$failures" -ne 0 ]; then
    echo "gen_illtyped.sh: $failures failure(s)" >&2
    exit 1
fi
