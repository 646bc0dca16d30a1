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
