use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = repro::cli::Args::parse();
    repro::cli::init_logging(args.verbose);
    match repro::cli::execute(args) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error[{}]: {error}", error.code());
            ExitCode::from(error.exit_code())
        }
    }
}
