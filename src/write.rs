//! Write: outputs into the output folder, atomically, never over a final report silently.

use std::fs::{self, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file system refused.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The name would leave the output folder.
    #[error("`{0}` is not a plain file name; outputs are written only inside the output folder")]
    UnsafeName(String),
    /// A final report is there and would change.
    #[error("{} is a final report and would change; pass --force to replace it", path.display())]
    FinalExists {
        /// The existing output.
        path: PathBuf,
    },
}

/// One file to write: its name inside the output folder and its bytes.
#[derive(Debug, Clone)]
pub struct Output {
    /// File name, no folders.
    pub name: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// Writes `outputs` into `dir` (created if missing). Each file is written to a
/// temporary file beside it and renamed over the target, so a reader never
/// sees half a report. When `existing_final` says a report in the folder is
/// final, nothing that would change it is written unless `force` is set.
pub fn write_all(
    dir: &Path,
    outputs: &[Output],
    existing_final: bool,
    force: bool,
) -> Result<Vec<PathBuf>, WriteError> {
    for output in outputs {
        if !is_plain_name(&output.name) {
            return Err(WriteError::UnsafeName(output.name.clone()));
        }
    }
    fs::create_dir_all(dir).map_err(|source| WriteError::Io {
        path: dir.to_owned(),
        source,
    })?;
    if existing_final && !force {
        for output in outputs {
            let path = dir.join(&output.name);
            let same = fs::read(&path).is_ok_and(|old| old == output.bytes);
            if path.exists() && !same {
                return Err(WriteError::FinalExists { path });
            }
        }
    }
    outputs
        .iter()
        .map(|output| {
            let path = dir.join(&output.name);
            atomic_write(&path, &output.bytes)?;
            Ok(path)
        })
        .collect()
}

/// Whether the report `id` already in `dir` is final: its JSON says so, or
/// (when only the Markdown was written) its leading metadata comment has no
/// draft watermark.
#[must_use]
pub fn is_final_on_disk(dir: &Path, id: &str) -> bool {
    if let Ok(text) = fs::read_to_string(dir.join(format!("{id}.json"))) {
        return serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| {
                v.pointer("/report/status")
                    .and_then(|s| s.as_str())
                    .map(|s| s == "final")
            })
            .unwrap_or(false);
    }
    match fs::read_to_string(dir.join(format!("{id}.md"))) {
        Ok(text) => {
            let (meta, _) = crate::render::pdf::split_meta(&text);
            meta.title.is_some() && meta.watermark.is_none()
        }
        Err(_) => false,
    }
}

/// A name with no separators, not `.` or `..`.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && Path::new(name).components().count() == 1
}

/// Writes `bytes` to a temporary file in the same folder, syncs it, and
/// renames it over `path`.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_owned(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1
            }
            Err(e) => return Err(io(e)),
        }
    };
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(name: &str, text: &str) -> Output {
        Output {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn names_that_leave_the_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["../x.md", "a/b.md", "..", "", "a\\b"] {
            assert!(
                matches!(
                    write_all(dir.path(), &[out(name, "x")], false, false),
                    Err(WriteError::UnsafeName(_))
                ),
                "{name}"
            );
        }
    }

    #[test]
    fn a_final_report_is_replaced_only_when_unchanged_or_forced() {
        let dir = tempfile::tempdir().unwrap();
        write_all(dir.path(), &[out("a.md", "one")], false, false).unwrap();
        // Same bytes: fine, nothing changes.
        write_all(dir.path(), &[out("a.md", "one")], true, false).unwrap();
        let err = write_all(dir.path(), &[out("a.md", "two")], true, false).unwrap_err();
        assert!(matches!(err, WriteError::FinalExists { .. }));
        assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), "one");
        write_all(dir.path(), &[out("a.md", "two")], true, true).unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), "two");
        // No temporary files are left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
