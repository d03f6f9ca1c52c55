//! `-` as a path: standard input for inputs, standard output for single
//! outputs (as cat, ripgrep and typst read it). Which paths mean standard
//! input is read's ([`read::is_stdin`]); this module decides the rest.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use super::exit::Usage;
use super::output::OUTPUT_FAILED;
use crate::read;

/// Whether an output path means standard output.
pub(super) fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// An output path, or `None` when it is `-` (standard output).
pub(super) fn file_output(path: Option<&Path>) -> Option<&Path> {
    path.filter(|p| !is_stdout(p))
}

/// Standard input can be read once: refuses `-` given more than once.
pub(super) fn stdin_at_most_once<'a>(
    inputs: impl IntoIterator<Item = &'a PathBuf>,
) -> Result<(), Usage> {
    if inputs.into_iter().filter(|p| read::is_stdin(p)).count() > 1 {
        return Err(Usage(
            "`-` (standard input) is given more than once; it can be read only once".to_owned(),
        ));
    }
    Ok(())
}

/// Writes bytes (a PDF, say) to standard output; as for text, a closed pipe
/// is not an error and any other failure makes the run exit 1.
pub(super) fn write_stdout(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    if let Err(err) = out.write_all(bytes).and_then(|()| out.flush())
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        OUTPUT_FAILED.store(true, Ordering::Relaxed);
    }
}
