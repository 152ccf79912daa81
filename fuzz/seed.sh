#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus is not committed) with every minilang
# program of the repository: examples/*.ml and tests/corpus/**/*.ml go to the
# byte-level targets `parse` and `pipeline`. `region_ops` reads its input as
# structured values and `structured` as the random draws of testkit's program
# generators, not source text; they start from an empty corpus. Idempotent;
# run it from anywhere.
set -euo pipefail
cd "$(dirname "$0")"
for target in parse pipeline; do
    mkdir -p "corpus/$target"
    find ../examples ../tests/corpus -name '*.ml' -type f -print0 |
        while IFS= read -r -d '' file; do
            # One file per program, named after its path.
            name=$(echo "${file#../}" | tr '/' '_')
            cp "$file" "corpus/$target/$name"
        done
done
for target in region_ops structured; do
    mkdir -p "corpus/$target"
done
seeds=$(find ../examples ../tests/corpus -name '*.ml' -type f | wc -l)
echo "seeded corpus/parse and corpus/pipeline with $seeds programs ($(ls corpus/parse | wc -l) inputs in corpus/parse now)"
