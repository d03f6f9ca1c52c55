//! Two random texts through the redline of `amends diff`: nothing may panic,
//! and the counts must match the marks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first 0xFF byte (never in UTF-8) separates the old text from the new.
    let (old, new) = match data.iter().position(|b| *b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    let (_, counts) = amends::review::redline::redline(&old, &new);
    if old == new {
        assert_eq!((counts.deleted, counts.inserted), (0, 0));
    }
});
