//! Any bytes as an incident file: read, check, figures, Markdown and JSON.
//! Nothing may panic; invalid input must come back as diagnostics.
#![no_main]

use amends::check::Settings;
use amends::read;
use amends::render::Templates;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = read::source_from_bytes("fuzz.yaml".into(), data.to_vec(), read::Input::Incident) else {
        return;
    };
    let Some(today) = chrono::NaiveDate::from_ymd_opt(2026, 7, 5) else { return };
    let Ok(templates) = Templates::builtin() else { return };
    let _ = amends::report(&source, Settings { today, provider: None }, &templates, None);
});
