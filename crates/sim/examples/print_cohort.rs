//! Prints the SYNTHETIC cohort of a spec to stdout, for inspecting the generator.
//!
//! `cargo run -p repro-sim --example print_cohort -- data/tace-ctp/synth.toml [seed]`

fn main() {
    let mut arguments = std::env::args().skip(1);
    let Some(path) = arguments.next() else {
        eprintln!("usage: print_cohort SPEC.toml [SEED]");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            std::process::exit(1);
        }
    };
    let result = repro_sim::parse_spec(&text).and_then(|spec| {
        let seed = arguments
            .next()
            .and_then(|seed| seed.parse().ok())
            .unwrap_or(spec.seed());
        repro_sim::simulate(&spec, seed)
    });
    match result {
        Ok(table) => print!("{}", table.to_csv()),
        Err(error) => {
            eprintln!("{path}: {error}");
            std::process::exit(1);
        }
    }
}
