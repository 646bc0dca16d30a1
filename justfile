# Common jobs. Every recipe is a plain cargo command, so the README never needs `just`.

# Run the whole TACE study and write reports/tace-ctp/.
run study="data/tace-ctp":
    cargo run --release -p repro -- run {{study}}

# The test command CI runs (.ci/run).
test:
    CARGO_INCREMENTAL=0 cargo test --workspace --locked

# Regenerate the synthetic TACE cohort from its specification.
simulate spec="data/tace-ctp/synth.toml":
    cargo run --release -p repro -- simulate {{spec}}

# Criterion benchmarks of the statistics crates.
bench:
    cargo bench -p repro-roc -p repro-logit

# Monte Carlo coverage of DeLong's 95 % AUC interval (1000 binormal datasets, 50 + 50).
# Set REPRO_COVERAGE_DATASETS for a longer run.
coverage:
    cargo test --release -p repro-roc --test coverage -- --ignored --nocapture

# Fuzz CSV ingestion and study-file parsing, each for `seconds` (cargo-fuzz, libFuzzer).
# Needs cargo-fuzz (`cargo install cargo-fuzz`). RUSTC_BOOTSTRAP=1 lets stable Rust accept its nightly flags.
fuzz seconds="600":
    ./fuzz/seed-corpus.sh
    RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz csv_ingest -- -max_total_time={{seconds}} -timeout=10
    RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz study_toml -- -max_total_time={{seconds}} -timeout=10

# Recompute a study, check its published claims and compare with the committed report.
check study="tace-ctp":
    cargo run --release -p repro -- check data/{{study}} --against reports/{{study}}

# Time repro against pROC, scikit-learn and a numpy sort, and the study against R (BENCHMARKS.md).
# Needs Rscript with pROC, and python3 with numpy, pandas and scikit-learn; missing tools are skipped.
bench-compare:
    cargo build --release -p repro
    python3 bench/generate.py
    python3 bench/run.py roc
    python3 bench/run.py study
