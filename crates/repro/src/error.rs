//! The command line's error type: every failure becomes one readable line and an exit code.

use std::path::PathBuf;

/// Exit code for bad input: an unreadable or invalid dataset, study file or argument.
pub const EXIT_BAD_INPUT: u8 = 2;

/// A failure of a `repro` command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The dataset failed to read or validate.
    #[error(transparent)]
    Cohort(#[from] repro_cohort::CohortError),

    /// The study file failed to read or validate.
    #[error(transparent)]
    Study(#[from] repro_study::StudyError),

    /// An analysis rejected its input (for example a single outcome class).
    #[error(transparent)]
    Analysis(#[from] repro_report::json::AnalysisError),

    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file's path.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// Arguments or a job that cannot be run as given.
    #[error("{0}")]
    Usage(String),
}

impl CliError {
    /// The process exit code for this error: every error is bad input (2); a failed
    /// claim check is not an error and exits 1 through the normal path.
    pub fn exit_code(&self) -> u8 {
        EXIT_BAD_INPUT
    }

    /// The stable code of this error, listed in `docs/errors.md`.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Cohort(error) => error.code(),
            CliError::Study(error) => error.code(),
            CliError::Analysis(_) => "E301",
            CliError::Usage(_) => "E300",
            CliError::Io { .. } => "E400",
        }
    }
}
