//! A batch's common case, cheaply: a report none of whose names was in the
//! folder when its lock was taken. Under the lock only this writer adds
//! names, and each report id once, so nothing can be there now: no final
//! report to guard, no mode to keep, no input it could replace (an input in
//! the folder would have been listed). Each file is still written to a
//! temporary name and renamed only when every file of the report is written
//! (`write_outputs`, as for any report).

use std::fs;
use std::io::Write as _;
use std::path::PathBuf;

use super::finality::EXTENSIONS;
use super::{Folder, Published, ReportSet, WriteError, files, is_plain_name};

/// Writes `set` when none of its names (or its stem's, but for case) was
/// listed; `None` when one was, and the full guard must decide.
pub(super) fn publish_new(
    folder: &Folder,
    set: &ReportSet<'_>,
) -> Result<Option<Published>, WriteError> {
    let listed = |name: &str| !folder.listing.lacks(name);
    if EXTENSIONS
        .iter()
        .any(|ext| listed(&format!("{}.{ext}", set.stem)))
        || set
            .outputs
            .iter()
            .any(|o| !is_plain_name(&o.name) || listed(&o.name))
    {
        return Ok(None);
    }
    let paths = super::write_outputs(&folder.dir, set, false)?;
    Ok(Some(Published {
        paths,
        ..Published::default()
    }))
}

/// A file written piece by piece under a temporary name in its folder, and
/// given its name only by [`Staged::commit`] (synced first); dropped
/// before, the temporary file is removed. A batch streams its manifest so.
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    path: PathBuf,
    file: Option<std::io::BufWriter<fs::File>>,
}

impl Staged {
    /// A new temporary file for `path`.
    pub fn create(path: &std::path::Path) -> Result<Staged, WriteError> {
        let (dir, name) = super::folder_and_name(path);
        if !is_plain_name(&name) {
            return Err(WriteError::UnsafeName(name));
        }
        let io = |source| WriteError::Io {
            path: path.to_owned(),
            source,
        };
        let (tmp, file) = files::create_temp(dir, &name, false).map_err(io)?;
        Ok(Staged {
            tmp,
            path: path.to_owned(),
            file: Some(std::io::BufWriter::new(file)),
        })
    }

    fn io(&self, source: std::io::Error) -> WriteError {
        WriteError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Appends `bytes`.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        match self.file.as_mut().map(|f| f.write_all(bytes)) {
            Some(Err(e)) => Err(self.io(e)),
            _ => Ok(()),
        }
    }

    /// What was written so far, read back (the file stays staged).
    pub fn read_back(&mut self) -> Result<fs::File, WriteError> {
        if let Some(Err(e)) = self.file.as_mut().map(std::io::Write::flush) {
            return Err(self.io(e));
        }
        fs::File::open(&self.tmp).map_err(|e| self.io(e))
    }

    /// Syncs the file and renames it to its name.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let synced = match self.file.take().map(std::io::BufWriter::into_inner) {
            Some(Ok(file)) => file.sync_all(),
            Some(Err(e)) => Err(e.into_error()),
            None => Ok(()),
        };
        synced
            .and_then(|()| fs::rename(&self.tmp, &self.path))
            .map_err(|e| self.io(e))
        // On an error, drop removes the temporary file.
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // Committed, the temporary name is gone and this finds nothing.
        let _ = fs::remove_file(&self.tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::Output;

    fn set<'a>(stem: &'a str, outputs: &'a [Output]) -> ReportSet<'a> {
        ReportSet {
            stem,
            outputs,
            is_final: false,
            private: false,
            inputs: &[],
        }
    }

    fn names(dir: &std::path::Path) -> Vec<String> {
        let mut n: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn new_names_are_written_whole_and_listed_ones_go_through_the_guard() {
        let dir = tempfile::tempdir().unwrap();
        let final_md = "<!-- amends\nstatus: final\n-->\nsent\n";
        fs::write(dir.path().join("R-2.md"), final_md).unwrap();
        let folder = Folder::lock(dir.path()).unwrap();
        let new = [
            Output {
                name: "R-1.md".into(),
                bytes: b"one".to_vec(),
            },
            Output {
                name: "R-1.pdf".into(),
                bytes: b"%PDF".to_vec(),
            },
        ];
        let written = publish_new(&folder, &set("R-1", &new)).unwrap().unwrap();
        assert_eq!(written.paths.len(), 2);
        assert_eq!(fs::read(dir.path().join("R-1.pdf")).unwrap(), b"%PDF");
        // R-2 was there when the folder was listed: the full guard decides,
        // and it keeps the final letter.
        let changed = [Output {
            name: "R-2.md".into(),
            bytes: b"changed".to_vec(),
        }];
        assert!(
            publish_new(&folder, &set("R-2", &changed))
                .unwrap()
                .is_none()
        );
        assert!(matches!(
            folder.publish(&set("R-2", &changed), false),
            Err(WriteError::FinalExists { .. })
        ));
        assert_eq!(
            fs::read_to_string(dir.path().join("R-2.md")).unwrap(),
            final_md
        );
        // A name that differs from a listed one only by case is not new either.
        assert!(
            publish_new(&folder, &set("r-2", &changed))
                .unwrap()
                .is_none()
        );
        assert_eq!(
            names(dir.path()),
            [".amends.lock", "R-1.md", "R-1.pdf", "R-2.md"]
        );
    }

    #[test]
    fn a_staged_file_is_named_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        let mut staged = Staged::create(&path).unwrap();
        staged.write(b"{}").unwrap();
        assert!(!path.exists());
        drop(staged);
        assert!(names(dir.path()).is_empty());
        let mut staged = Staged::create(&path).unwrap();
        staged.write(b"{").unwrap();
        staged.write(b"}").unwrap();
        let mut back = String::new();
        std::io::Read::read_to_string(&mut staged.read_back().unwrap(), &mut back).unwrap();
        assert_eq!(back, "{}");
        staged.commit().unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "{}");
        assert_eq!(names(dir.path()), ["m.json"]);
    }
}
