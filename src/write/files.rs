//! File-system care for the output folder: reading what is already at an
//! output name without following links or reading unbounded, telling whether
//! two paths are one file, and clearing temporary files of dead processes.

use std::fs::{self, File, OpenOptions};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The most read of an existing output to judge it: far above any report
/// (PDFs embed subset fonts only), small enough to read at once.
pub const EXISTING_LIMIT: u64 = 32 * 1024 * 1024;

/// Temporary files older than this are removed even when their process
/// cannot be checked (no /proc), as no write takes that long.
const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// A temporary file of a process that seems dead is removed only once it is
/// this old: a process in another pid namespace (a CI container sharing the
/// folder) looks dead from here, and no write takes this long.
const DEAD_AFTER: Duration = Duration::from_secs(10 * 60);

/// What is at an output name.
#[derive(Debug)]
pub enum Existing {
    /// Nothing.
    Absent,
    /// A regular file, read in full (at most [`EXISTING_LIMIT`] bytes).
    File(Vec<u8>),
    /// Something that is not a regular file we could read: a link, a FIFO,
    /// a device, a folder, an oversized or unreadable file. Never replaced
    /// without `--force`, and counted as final.
    Unreadable(String),
}

/// Reads what is at `path` without following a link and without blocking on
/// a FIFO or device, bounded by [`EXISTING_LIMIT`].
#[must_use]
pub fn read_existing(path: &Path) -> Existing {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Existing::Absent,
        Err(e) => return Existing::Unreadable(e.to_string()),
    };
    if meta.file_type().is_symlink() {
        return Existing::Unreadable("it is a symbolic link".into());
    }
    if !meta.is_file() {
        return Existing::Unreadable("it is not a regular file".into());
    }
    if meta.len() > EXISTING_LIMIT {
        return Existing::Unreadable(format!("it is larger than {EXISTING_LIMIT} bytes"));
    }
    match open_no_follow(path) {
        Ok(file) => {
            // The file may have been swapped since the check above: look again at what was opened.
            match file.metadata() {
                Ok(m) if m.is_file() => {}
                _ => return Existing::Unreadable("it is not a regular file".into()),
            }
            let mut bytes = Vec::new();
            match file.take(EXISTING_LIMIT + 1).read_to_end(&mut bytes) {
                Ok(n) if n as u64 > EXISTING_LIMIT => {
                    Existing::Unreadable(format!("it is larger than {EXISTING_LIMIT} bytes"))
                }
                Ok(_) => Existing::File(bytes),
                Err(e) => Existing::Unreadable(e.to_string()),
            }
        }
        Err(e) => Existing::Unreadable(e.to_string()),
    }
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    // A link is refused; a FIFO or device does not block the open.
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// Whether `a` and `b` name one file (same device and inode, or the same
/// canonical path).
#[must_use]
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(x), Ok(y)) = (fs::metadata(a), fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// The temporary file name for `name` written by this process.
#[must_use]
pub fn temp_name(name: &str, attempt: u32) -> String {
    format!(".{name}.{}.{attempt}.tmp", std::process::id())
}

/// Creates a new temporary file for `name` in `dir` (named by [`temp_name`],
/// never one that exists); a private one is created 0600.
pub fn create_temp(dir: &Path, name: &str, private: bool) -> std::io::Result<(PathBuf, File)> {
    let mut attempt = 0u32;
    loop {
        let tmp = dir.join(temp_name(name, attempt));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        match options.open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Removes temporary files (named by [`temp_name`]) left in `dir` by
/// processes that no longer run, e.g. after SIGKILL; `names` are the
/// folder's, listed by the caller (who lists it once for everything).
pub fn remove_stale_temps<'a>(dir: &Path, names: impl Iterator<Item = &'a str>) {
    for name in names {
        let Some(pid) = temp_pid(name) else {
            continue;
        };
        let path = dir.join(name);
        let age = fs::symlink_metadata(&path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .unwrap_or_default();
        let stale = age > STALE_AFTER || (age > DEAD_AFTER && process_is_dead(pid));
        if pid != std::process::id() && stale {
            let _ = fs::remove_file(&path);
        }
    }
}

/// The pid in a temporary file's name `.NAME.PID.N.tmp`.
fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let mut parts = rest.rsplitn(3, '.');
    let attempt = parts.next()?;
    let pid = parts.next()?;
    parts.next()?;
    attempt.parse::<u32>().ok()?;
    pid.parse().ok()
}

/// Whether `pid` surely does not run: only known where /proc lists processes.
fn process_is_dead(pid: u32) -> bool {
    Path::new("/proc/self").exists() && !Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_carry_the_pid() {
        let name = temp_name("INC-1.md", 3);
        assert_eq!(temp_pid(&name), Some(std::process::id()));
        assert_eq!(temp_pid(".x.md.tmp"), None);
        assert_eq!(temp_pid("INC-1.md"), None);
    }

    #[test]
    fn links_fifos_and_folders_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::write(&real, "x").unwrap();
        assert!(matches!(read_existing(&real), Existing::File(b) if b == b"x"));
        assert!(matches!(
            read_existing(&dir.path().join("none")),
            Existing::Absent
        ));
        assert!(matches!(read_existing(dir.path()), Existing::Unreadable(_)));
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
            assert!(matches!(read_existing(&link), Existing::Unreadable(_)));
        }
    }

    #[test]
    fn temps_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // No pid is this large on Linux (pid_max is at most 2^22).
        let dead = dir.path().join(".INC-1.md.4294967294.0.tmp");
        let mine = dir.path().join(temp_name("INC-1.md", 0));
        let other = dir.path().join(".notes.tmp");
        let fresh_dead = dir.path().join(".INC-1.pdf.4294967294.0.tmp");
        let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
        for p in [&dead, &mine, &other, &fresh_dead] {
            let file = File::create(p).unwrap();
            if p != &fresh_dead {
                file.set_modified(an_hour_ago).unwrap();
            }
        }
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        remove_stale_temps(dir.path(), names.iter().map(String::as_str));
        assert_eq!(dead.exists(), !Path::new("/proc/self").exists());
        assert!(mine.exists() && other.exists());
        // Just written by a process that looks dead: perhaps one we cannot see.
        assert!(fresh_dead.exists());
    }
}
