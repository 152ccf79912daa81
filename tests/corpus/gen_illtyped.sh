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

# shellcheck source=tests/corpus/first_error.sh
source "$(dirname "$0")/first_error.sh"
gen_first_errors gen_illtyped.sh illtyped last yes "$@"

echo "gen_illtyped.sh: $count ill-typed programs checked with OCaml $(ocamlc -vnum)"
if [ "$failures" -ne 0 ]; then
    echo "gen_illtyped.sh: $failures failure(s)" >&2
    exit 1
fi
