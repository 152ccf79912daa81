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

# shellcheck source=tests/corpus/first_error.sh
source "$(dirname "$0")/first_error.sh"
gen_first_errors gen_located.sh located error no "$@"

echo "gen_located.sh: $count programs checked with OCaml $(ocamlc -vnum)"
if [ "$failures" -ne 0 ]; then
    echo "gen_located.sh: $failures failure(s)" >&2
    exit 1
fi
