//! `repro simulate --find-seed`: the documented rule that chooses the synthetic cohort's
//! seed. Seeds are tried in order from 1; the first whose cohort satisfies every claim
//! of the study is taken, written into the specification, and its cohort is written.

use std::path::{Path, PathBuf};

use repro_cohort::Table;
use repro_report::output::ReportSet;
use repro_study::Study;

use crate::error::CliError;
use crate::study_run::{claims, compute, validate};

/// Searches seeds `1..=max_seed` and records the first that satisfies every claim.
///
/// The search skips the model's optimism bootstrap, which no claim uses, so each seed
/// costs one run of the study's analyses.
///
/// # Errors
/// An unreadable specification or study, a study without claims, or no seed found.
pub fn find_seed(
    spec_path: &Path,
    study: Option<&Path>,
    max_seed: u64,
    out: Option<&Path>,
) -> Result<(), CliError> {
    let spec_text = std::fs::read_to_string(spec_path).map_err(|source| CliError::Io {
        path: spec_path.to_path_buf(),
        source,
    })?;
    let spec = repro_sim::parse_spec(&spec_text)
        .map_err(|error| CliError::Usage(format!("{}: {error}", spec_path.display())))?;
    let folder = spec_path.parent().unwrap_or(Path::new("."));
    let study_path: PathBuf = match study {
        Some(path) if path.is_dir() => path.join("study.toml"),
        Some(path) => path.to_path_buf(),
        None => folder.join("study.toml"),
    };
    let mut study = Study::read(&study_path)?;
    if study.claim.is_empty() {
        return Err(CliError::Usage(format!(
            "{} declares no [[claim]], so no seed can be chosen by the claims; add the paper's claims first",
            study_path.display()
        )));
    }
    if let Some(model) = &mut study.analysis.model {
        model.bootstrap_replicates = 0;
    }
    let data_path = study.dataset_path(&study_path);
    let dialect = study.dialect();

    for seed in 1..=max_seed {
        let cohort = repro_sim::simulate(&spec, seed).map_err(|error| {
            CliError::Usage(format!("{}: seed {seed}: {error}", spec_path.display()))
        })?;
        let csv = cohort.to_csv();
        let table = Table::from_bytes(data_path.clone(), csv.as_bytes(), &dialect)?;
        let loaded = validate(study.clone(), study_path.clone(), table)?;
        let holds = match compute(&loaded) {
            Ok((_, results)) => claims::all_claims_hold(&loaded, &results)?,
            Err(error) => {
                tracing::debug!(seed, %error, "analysis failed on this seed");
                false
            }
        };
        if seed % 100 == 0 {
            tracing::info!(seed, "seeds tried");
        }
        if !holds {
            continue;
        }

        let target = out.map_or_else(|| folder.join(spec.output()), Path::to_path_buf);
        let updated = set_seed(&spec_text, seed).ok_or_else(|| {
            CliError::Usage(format!(
                "{}: no top-level `seed = N` line to record the seed in",
                spec_path.display()
            ))
        })?;
        write_one(&target, csv.as_bytes())?;
        write_one(spec_path, updated.as_bytes())?;
        eprintln!(
            "seed {seed} is the first seed from 1 whose cohort satisfies all {} claims of {}; wrote {} and recorded the seed in {}",
            study.claim.len(),
            study_path.display(),
            target.display(),
            spec_path.display()
        );
        return Ok(());
    }
    Err(CliError::Usage(format!(
        "no seed in 1..={max_seed} gives a cohort that satisfies every claim of {}; raise --max-seed or revise the specification",
        study_path.display()
    )))
}

/// Replaces the value of the first top-level `seed = N` line.
fn set_seed(text: &str, seed: u64) -> Option<String> {
    let mut found = false;
    let mut in_table = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with('[') {
                in_table = true;
            }
            if !found
                && !in_table
                && trimmed.starts_with("seed")
                && trimmed[4..].trim_start().starts_with('=')
            {
                found = true;
                let comment = line
                    .find('#')
                    .map(|i| format!("  {}", &line[i..]))
                    .unwrap_or_default();
                format!("seed = {seed}{comment}")
            } else {
                line.to_string()
            }
        })
        .collect();
    found.then(|| lines.join("\n") + if text.ends_with('\n') { "\n" } else { "" })
}

fn write_one(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| CliError::Usage(format!("{} is not a file name", path.display())))?
        .to_string_lossy()
        .into_owned();
    let mut files = ReportSet::new();
    files.add(name, bytes.to_vec());
    files.write_to(folder).map_err(|error| CliError::Io {
        path: error.path.clone(),
        source: error.source,
    })
}

#[cfg(test)]
mod tests {
    use super::set_seed;

    #[test]
    fn set_seed_replaces_top_level_line() {
        let text = "schema_version = 1\nseed = 1   # provisional\n\n[group]\nseed = 7\n";
        assert_eq!(
            set_seed(text, 42).unwrap(),
            "schema_version = 1\nseed = 42  # provisional\n\n[group]\nseed = 7\n"
        );
    }

    #[test]
    fn set_seed_needs_a_seed_line() {
        assert!(set_seed("[group]\nseed = 7\n", 3).is_none());
    }
}
