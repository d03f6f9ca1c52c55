//! Any bytes as the provider's logo (PNG or JPEG, decided by content): checked,
//! and when accepted, drawn in a letterhead. Nothing may panic; a bad file
//! must come back as an error.
#![no_main]

use amends::render::pdf::logo::Logo;
use amends::render::pdf::{Letterhead, Paper, PdfOptions, typeset_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(logo) = Logo::decode(data) else { return };
    let letterhead = Letterhead {
        accent: None,
        logo: Some(logo),
    };
    let _ = typeset_with(
        "# Letter\n\nText.\n",
        PdfOptions { paper: Paper::A4 },
        &letterhead,
    );
});
