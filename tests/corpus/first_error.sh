# Shared by gen_illtyped.sh and gen_located.sh (sourced, not run): writes
# NAME.expected for every NAME.ml of a corpus from `ocamlc -i`'s first error:
#
#   LINE:COL-LINE:COL   where `ocamlc` reports it (lines from 1, columns in
#                       bytes from 0, end exclusive), and
#   MESSAGE             its text after "Error: ", lines joined, blanks squeezed.
#
# gen_first_errors SCRIPT CORPUS WHERE TYPE_ONLY [NAME.ml ...]
#   SCRIPT     the calling script's name, for messages
#   CORPUS     the directory under tests/corpus
#   WHERE      `last`: the last location ocamlc prints; `error`: the one
#              just before "Error:" (not those of later notes)
#   TYPE_ONLY  `yes`: a syntax error, an unbound name, an illegal character or
#              a name bound twice fails the script (the corpus is of type errors)

gen_first_errors() {
    local script=$1 corpus=$2 where_mode=$3 type_only=$4
    shift 4
    local root dir
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    dir=$root/tests/corpus/$corpus

    if ! command -v ocamlc >/dev/null; then
        echo "$script: ocamlc not found on PATH (apt-get install ocaml-nox)" >&2
        exit 1
    fi
    case $(ocamlc -vnum) in
        4.13.*) ;;
        *) echo "$script: warning: OCaml $(ocamlc -vnum), the reference is 4.13" >&2 ;;
    esac

    local files
    if [ $# -gt 0 ]; then
        files=("$@")
    else
        files=("$dir"/*.ml)
    fi

    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    failures=0
    count=0
    local f name status expected
    for f in "${files[@]}"; do
        name=$(basename "$f" .ml)
        cp "$dir/$name.ml" "$tmp/$name.ml"
        set +e
        (cd "$tmp" && ocamlc -i "$name.ml" >/dev/null 2>"$tmp/stderr")
        status=$?
        set -e
        expected=$(awk -v mode="$where_mode" '
            /^File "[^"]*", lines? / {
                match($0, /lines? [0-9]+(-[0-9]+)?, characters [0-9]+-[0-9]+/)
                loc = substr($0, RSTART, RLENGTH)
                sub(/^lines? /, "", loc)
                split(loc, parts, ", characters ")
                n = split(parts[1], ls, "-"); l1 = ls[1]; l2 = (n > 1) ? ls[2] : ls[1]
                split(parts[2], cs, "-")
                seen = l1 ":" cs[1] "-" l2 ":" cs[2]
                if (mode == "last") where = seen
            }
            /^Error: / && mode == "error" && where == "" { where = seen }
            /^Error: / { inerr = 1; msg = substr($0, 8); next }
            inerr && /^ / { msg = msg " " $0; next }
            inerr { inerr = 0 }
            END {
                gsub(/[ \t]+/, " ", msg); sub(/^ /, "", msg); sub(/ $/, "", msg)
                if (where != "" && msg != "") print where "\n" msg
            }' "$tmp/stderr")
        if [ "$status" -ne 2 ] || [ -z "$expected" ]; then
            echo "FAIL: $corpus/$name.ml: ocamlc does not reject it (status $status)" >&2
            cat "$tmp/stderr" >&2
            failures=$((failures + 1))
            continue
        fi
        if [ "$type_only" = yes ]; then
            case $(printf '%s\n' "$expected" | sed -n 2p) in
                "Syntax error"* | "Unbound "* | "Illegal "* | "Variable "*" is bound several times"*)
                    echo "FAIL: $corpus/$name.ml: not a type error: $expected" >&2
                    failures=$((failures + 1))
                    continue
                    ;;
            esac
        fi
        printf '%s\n' "$expected" >"$dir/$name.expected"
        count=$((count + 1))
    done
}
