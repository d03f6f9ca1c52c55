//! Write: a report's outputs into the output folder, all or nothing, never
//! over a final report silently.
//!
//! [`publish`] takes an exclusive lock on the folder, decides whether the
//! report is final ([`finality`]), writes every file to a temporary name,
//! renames them only when all were written, and syncs the folder once.
//! [`files`] reads what is already there without following links.

pub mod files;
pub mod finality;
mod fresh;

pub use fresh::Staged;

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

pub use finality::Finality;

/// The lock file every writer of a folder holds while it decides and writes.
pub const LOCK_NAME: &str = ".amends.lock";

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
    #[error("{} is a final report and would change ({reasons}); pass --force to replace it", path.display())]
    FinalExists {
        /// The existing output.
        path: PathBuf,
        /// Which outputs make it final.
        reasons: String,
    },
    /// A file that is only ever created new is already there.
    #[error("{} already exists and is not replaced", path.display())]
    Exists {
        /// The existing file.
        path: PathBuf,
    },
    /// An output would replace one of the input files.
    #[error("{} is an input of this command; refusing to write an output over it (choose another --out)", path.display())]
    OutputIsInput {
        /// The output path.
        path: PathBuf,
    },
    /// Another report's outputs differ from this one's only by case.
    #[error("{} differs from the output {name} only by case, which is the same file on macOS and Windows; report ids must differ by more than case", path.display())]
    CaseClash {
        /// The existing output.
        path: PathBuf,
        /// Our output's name.
        name: String,
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

/// A report's outputs, to be written together.
#[derive(Debug, Clone)]
pub struct ReportSet<'a> {
    /// The file stem every output shares: the report id, or `<id>.internal`.
    pub stem: &'a str,
    /// The files.
    pub outputs: &'a [Output],
    /// Whether the new outputs are a final report.
    pub is_final: bool,
    /// Whether they are the provider's internal copy (created 0600).
    pub private: bool,
    /// The command's input files, which no output may replace.
    pub inputs: &'a [PathBuf],
}

/// What [`publish`] did.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// Every file written.
    pub paths: Vec<PathBuf>,
    /// With `--force`: the final report's files that were replaced, and why it was final.
    pub replaced_final: Option<(Vec<String>, String)>,
}

/// Writes a report's outputs into `dir` (created if missing), all or none.
/// When the report already in `dir` is final, nothing that would change it
/// is written unless `force` is set.
pub fn publish(dir: &Path, set: &ReportSet<'_>, force: bool) -> Result<Published, WriteError> {
    check_names(dir, set)?;
    let published = Folder::lock(dir)?.write(set, force, true)?;
    sync_dir(dir);
    Ok(published)
}

/// An output folder held for writing: its lock is kept until this is
/// dropped, so a batch writes thousands of letters under one lock, each
/// through the same final guard as [`publish`].
#[derive(Debug)]
pub struct Folder {
    dir: PathBuf,
    /// The folder's names when the lock was taken: under the lock only this
    /// writer adds to it, and each report id once.
    listing: finality::Listing,
    _lock: File,
}

impl Folder {
    /// Creates `dir` if missing, takes its lock and removes stale temporary files.
    pub fn lock(dir: &Path) -> Result<Folder, WriteError> {
        fs::create_dir_all(dir).map_err(|source| WriteError::Io {
            path: dir.to_owned(),
            source,
        })?;
        let lock = lock(dir)?;
        // One listing of the folder serves the clean-up and every finality check.
        let listing = finality::Listing::of(dir);
        files::remove_stale_temps(dir, listing.names());
        Ok(Folder {
            dir: dir.to_owned(),
            listing,
            _lock: lock,
        })
    }

    /// [`publish`] under the lock held, without syncing each file: the
    /// caller makes the folder durable once, with [`Folder::sync`].
    pub fn publish(&self, set: &ReportSet<'_>, force: bool) -> Result<Published, WriteError> {
        if let Some(published) = fresh::publish_new(self, set)? {
            return Ok(published);
        }
        check_names(&self.dir, set)?;
        self.write(set, force, false)
    }

    /// Makes every file written in the folder durable: one `syncfs` of its
    /// file system, then the folder itself.
    pub fn sync(&self) -> Result<(), WriteError> {
        let io = |source| WriteError::Io {
            path: self.dir.clone(),
            source,
        };
        let folder = File::open(&self.dir).map_err(io)?;
        #[cfg(target_os = "linux")]
        nix::unistd::syncfs(&folder).map_err(|e| io(std::io::Error::from(e)))?;
        folder.sync_all().map_err(io)
    }

    /// The final guard and the all-or-nothing write of one report's outputs;
    /// `durable`: each file is synced before it is renamed.
    fn write(
        &self,
        set: &ReportSet<'_>,
        force: bool,
        durable: bool,
    ) -> Result<Published, WriteError> {
        let finality = Finality::read_listed(&self.dir, set.stem, &self.listing);
        write_report(&self.dir, set, force, durable, finality)
    }
}

/// Every output name is plain and replaces none of the inputs.
fn check_names(dir: &Path, set: &ReportSet<'_>) -> Result<(), WriteError> {
    for output in set.outputs {
        if !is_plain_name(&output.name) {
            return Err(WriteError::UnsafeName(output.name.clone()));
        }
        let path = dir.join(&output.name);
        if set
            .inputs
            .iter()
            .any(|input| files::same_file(input, &path))
        {
            return Err(WriteError::OutputIsInput { path });
        }
    }
    Ok(())
}

/// Writes one report's outputs into `dir`, whose lock the caller holds.
fn write_report(
    dir: &Path,
    set: &ReportSet<'_>,
    force: bool,
    durable: bool,
    mut finality: Finality,
) -> Result<Published, WriteError> {
    if let Some(other) = &finality.case_clash {
        return Err(WriteError::CaseClash {
            path: dir.join(other),
            name: format!("{}.*", set.stem),
        });
    }
    let mut changed = Vec::new();
    for output in set.outputs {
        let path = dir.join(&output.name);
        // Finality read the outputs of the report already there: compare with that.
        let existing = match finality.take_read(&output.name) {
            Some(Some(old)) => files::Existing::File(old),
            Some(None) => files::Existing::Unreadable(String::new()),
            None => files::read_existing(&path),
        };
        let differs = match existing {
            files::Existing::File(old) => old != output.bytes,
            // A new output of a final report is a change only when it is not final itself.
            files::Existing::Absent => !set.is_final,
            files::Existing::Unreadable(_) => true,
        };
        if differs {
            changed.push(output.name.clone());
        }
    }
    let mut published = Published::default();
    if finality.is_final() && !changed.is_empty() {
        if !force {
            return Err(WriteError::FinalExists {
                path: dir.join(&changed[0]),
                reasons: finality.reasons(),
            });
        }
        let names = finality.files.iter().map(|(n, _)| n.clone()).collect();
        published.replaced_final = Some((names, finality.reasons()));
    }
    published.paths = write_outputs(dir, set, durable)?;
    Ok(published)
}

/// Writes every output of `set` to a temporary file, then renames them all
/// into place; when one fails, the temporary files not yet renamed go.
fn write_outputs(
    dir: &Path,
    set: &ReportSet<'_>,
    durable: bool,
) -> Result<Vec<PathBuf>, WriteError> {
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(set.outputs.len());
    let discard = |temps: &[(PathBuf, PathBuf)]| {
        for (tmp, _) in temps {
            let _ = fs::remove_file(tmp);
        }
    };
    for output in set.outputs {
        match write_temp(dir, &output.name, &output.bytes, set.private, durable) {
            Ok(tmp) => temps.push((tmp, dir.join(&output.name))),
            Err(err) => {
                discard(&temps);
                return Err(err);
            }
        }
    }
    let mut paths = Vec::with_capacity(temps.len());
    for (i, (tmp, path)) in temps.iter().enumerate() {
        if let Err(source) = fs::rename(tmp, path) {
            discard(&temps[i..]);
            return Err(WriteError::Io {
                path: path.clone(),
                source,
            });
        }
        paths.push(path.clone());
    }
    Ok(paths)
}

/// Holds the folder's lock until dropped; the kernel releases it when the process dies.
fn lock(dir: &Path) -> Result<File, WriteError> {
    let path = dir.join(LOCK_NAME);
    let io = |source| WriteError::Io {
        path: path.clone(),
        source,
    };
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    file.lock().map_err(io)?;
    Ok(file)
}

/// Syncs the folder so the renames survive a crash; not every system can.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
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

/// Writes `bytes` to a fresh temporary file beside `name` in `dir` and syncs
/// it (when `durable`). It takes the mode of the file it will replace; a new private file is 0600.
fn write_temp(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    private: bool,
    durable: bool,
) -> Result<PathBuf, WriteError> {
    let target = dir.join(name);
    let io = |source| WriteError::Io {
        path: target.clone(),
        source,
    };
    let (tmp, mut file) = files::create_temp(dir, name, private).map_err(io)?;
    let keep_mode = fs::symlink_metadata(&target)
        .ok()
        .filter(fs::Metadata::is_file)
        .map(|m| m.permissions());
    let result = keep_mode
        .map_or(Ok(()), |mode| file.set_permissions(mode))
        .and_then(|()| file.write_all(bytes))
        .and_then(|()| if durable { file.sync_all() } else { Ok(()) });
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(tmp)
}

/// The folder an output path is written in (`.` for a bare name) and its file name.
#[must_use]
pub fn folder_and_name(path: &Path) -> (&Path, String) {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, name)
}

/// Writes one file atomically: a temporary file beside it, synced, renamed over `path`.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let (dir, name) = folder_and_name(path);
    if !is_plain_name(&name) {
        return Err(WriteError::UnsafeName(name));
    }
    let tmp = write_temp(dir, &name, bytes, false, true)?;
    fs::rename(&tmp, path).map_err(|source| {
        let _ = fs::remove_file(&tmp);
        WriteError::Io {
            path: path.to_owned(),
            source,
        }
    })
}

/// Creates a new file atomically and never over an existing one (a file,
/// a folder or a link at `path` is [`WriteError::Exists`]): a temporary file
/// beside it, synced, then a hard link to the name, which fails if the name
/// is taken. Where links are not supported, an exclusive create instead.
pub fn atomic_create(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let (dir, name) = folder_and_name(path);
    if !is_plain_name(&name) {
        return Err(WriteError::UnsafeName(name));
    }
    let tmp = write_temp(dir, &name, bytes, false, true)?;
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    let io = |source| WriteError::Io {
        path: path.to_owned(),
        source,
    };
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(WriteError::Exists {
            path: path.to_owned(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {
            let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
                Ok(file) => file,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(WriteError::Exists {
                        path: path.to_owned(),
                    });
                }
                Err(e) => return Err(io(e)),
            };
            file.write_all(bytes)
                .and_then(|()| file.sync_all())
                .map_err(io)
        }
        Err(e) => Err(io(e)),
    }
}

#[cfg(test)]
mod tests;
