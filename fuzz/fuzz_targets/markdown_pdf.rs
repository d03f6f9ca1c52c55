//! Any text as Markdown, typeset to PDF. Nothing may panic, and every input
//! typesets (Markdown has no invalid documents).
#![no_main]

use amends::render::pdf::{Paper, PdfOptions, typeset};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let result = typeset(&text, PdfOptions { paper: Paper::A4 });
    assert!(result.is_ok(), "{:?}", result.err());
});
