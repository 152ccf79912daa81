#!/usr/bin/env bash
# Regenerates the expected first error of the located corpus from OCaml, the
# reference implementation:
#
#   tests/corpus/located/NAME.ml -> NAME.expected, two lines:
#     LINE:COL-LINE:COL   where `ocamlc` reports the error (lines from 1,
#                         columns in bytes from 0, end exclusive; the location
#                         before "Error:", not those of later notes), and
#     MESSAGE             OCaml's error text after "Error: ", its lines joined
#                         and its blanks squeezed (OCaml wraps long messages).
#
# These programs are about where and what the first error is when the lexing is
# subtle: comments holding strings and quoted strings, CRs, form feeds and Unicode
# line separators before the error. Any error may be the first (lexical, syntax or
# type); minilang must report it at the same place, with the same text, and its
# rendered report must name OCaml's line and column.
#
# Usage: tests/corpus/gen_located.sh [NAME.ml ...]   (no arguments: everything)
# Needs OCaml 4.13 on PATH (Debian: apt-get install ocaml-nox).
set -euo pipefail
shopt -s nullglob

root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$root/tests/corpus/located

if ! command -v ocamlc >/dev/null; then
    echo "gen_located.sh: ocamlc not found on PATH (apt-get install ocaml-nox)" >&2
    exit 1
fi
case $(ocamlc -vnum) in
    4.13.*) ;;
    *) echo "gen_located.sh: warning: OCaml $(ocamlc -vnum), the reference is 4.13" >&2 ;;
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
            seen = l1 ":" cs[1] "-" l2 ":" cs[2]
        }
        /^Error: / && where == "" { where = seen }
        /^Error: / { inerr = 1; msg = substr($0, 8); next }
        inerr && /^ / { msg = msg " " $0; next }
        inerr { inerr = 0 }
        END {
            gsub(/[ \t]+/, " ", msg); sub(/^ /, "", msg); sub(/ $/, "", msg)
            if (where != "" && msg != "") print where "\n" msg
        }' "$tmp/stderr")
    if [ "$status" -ne 2 ] || [ -z "$expected" ]; then
        echo "FAIL: located/$name.ml: ocamlc does not reject it (status $status)" >&2
        cat "$tmp/stderr" >&2
        failures=$((failures + 1))
        continue
    fi
    printf '%s\n' "$expected" >"$dir/$name.expected"
    count=$((count + 1))
done

echo "gen_located.sh: $count programs checked with OCaml $(ocamlc -vnum)"
if [ "$failures" -ne 0 ]; then
    echo "gen_located.sh: $failures failure(s)" >&2
    exit 1
fi
