//! All-or-nothing writing of a report folder.
//!
//! A run collects every file of its report in memory first. [`ReportSet::write_to`] then
//! writes each one to a temporary file in the destination folder and, only when all of
//! them are written, renames them into place. A run that fails while computing writes
//! nothing, and a failed write removes its temporary files, so the previous report stays
//! whole.

use std::path::{Path, PathBuf};

/// The files of one report, by name relative to the report folder, in insertion order.
#[derive(Clone, Debug, Default)]
pub struct ReportSet {
    files: Vec<(String, Vec<u8>)>,
}

/// A file of the report set that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}; the previous report in that folder was left unchanged", path.display())]
pub struct WriteError {
    /// The file or folder that failed.
    pub path: PathBuf,
    /// The operating system's error.
    pub source: std::io::Error,
}

impl ReportSet {
    /// An empty set.
    pub fn new() -> Self {
        ReportSet::default()
    }

    /// Adds a file; a later file with the same name replaces the earlier one.
    pub fn add(&mut self, name: impl Into<String>, contents: impl Into<Vec<u8>>) {
        let name = name.into();
        let contents = contents.into();
        match self
            .files
            .iter_mut()
            .find(|(existing, _)| *existing == name)
        {
            Some(entry) => entry.1 = contents,
            None => self.files.push((name, contents)),
        }
    }

    /// The names of the files, in insertion order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(name, _)| name.as_str())
    }

    /// The contents of a file of the set.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.as_slice())
    }

    /// Writes every file into `folder` (created if needed): first all to temporary files,
    /// then all renamed into place.
    ///
    /// # Errors
    /// The first file or folder that could not be created, written or renamed.
    pub fn write_to(&self, folder: &Path) -> Result<(), WriteError> {
        std::fs::create_dir_all(folder).map_err(|source| WriteError {
            path: folder.to_path_buf(),
            source,
        })?;
        let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(self.files.len());
        for (name, contents) in &self.files {
            let target = folder.join(name);
            let temporary = folder.join(format!(".{name}.tmp-{}", std::process::id()));
            if let Err(source) = std::fs::write(&temporary, contents) {
                let _ = std::fs::remove_file(&temporary);
                remove_all(&staged);
                return Err(WriteError {
                    path: target,
                    source,
                });
            }
            staged.push((temporary, target));
        }
        for (index, (temporary, target)) in staged.iter().enumerate() {
            if let Err(source) = std::fs::rename(temporary, target) {
                remove_all(&staged[index..]);
                return Err(WriteError {
                    path: target.clone(),
                    source,
                });
            }
        }
        Ok(())
    }
}

fn remove_all(staged: &[(PathBuf, PathBuf)]) {
    for (temporary, _) in staged {
        let _ = std::fs::remove_file(temporary);
    }
}
