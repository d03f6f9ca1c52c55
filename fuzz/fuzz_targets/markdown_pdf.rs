//! Any text as Markdown, typeset to PDF. Nothing may panic, and every input
//! typesets (Markdown has no invalid documents), except right-to-left text,
//! which the typesetter refuses by design (docs/pdf.md) rather than draw it
//! backwards.
#![no_main]

use amends::render::pdf::{Paper, PdfError, PdfOptions, typeset};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let result = typeset(&text, PdfOptions { paper: Paper::A4 });
    assert!(
        matches!(result, Ok(_) | Err(PdfError::RightToLeft(_))),
        "{:?}",
        result.err()
    );
});
