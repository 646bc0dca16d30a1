#!/usr/bin/env bash
# Copies the repository's CSV and study files into the fuzzers' working corpora
# (fuzz/corpus/<target>/, not committed). Run from the repository root.
set -euo pipefail

csv_corpus=fuzz/corpus/csv_ingest
study_corpus=fuzz/corpus/study_toml
mkdir -p "$csv_corpus" "$study_corpus"

copied=0
for file in tests/input-cases/*/data.csv; do
    case_name=$(basename "$(dirname "$file")")
    cp "$file" "$csv_corpus/input-$case_name.csv"
    copied=$((copied + 1))
done
for file in data/*/*.csv; do
    cp "$file" "$csv_corpus/data-$(basename "$(dirname "$file")")-$(basename "$file")"
    copied=$((copied + 1))
done

for file in tests/input-cases/*/study.toml; do
    case_name=$(basename "$(dirname "$file")")
    cp "$file" "$study_corpus/input-$case_name.toml"
    copied=$((copied + 1))
done
for file in data/*/study.toml; do
    cp "$file" "$study_corpus/data-$(basename "$(dirname "$file")").toml"
    copied=$((copied + 1))
done

echo "copied $copied seed files; the corpora now hold $(ls "$csv_corpus" | wc -l) CSV and $(ls "$study_corpus" | wc -l) study inputs"
