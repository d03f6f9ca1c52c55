//! Random Unicode text in every text field of a valid incident file, through
//! `amends lint` (read, check, figures, the review's rules): nothing may panic.
#![no_main]

use amends::check::Settings;
use amends::read;
use amends::render::Templates;
use libfuzzer_sys::fuzz_target;

/// A valid incident file with `TEXT` where the review reads words.
const FILE: &str = "\
report: {id: FUZZ-1, title: TEXT, language: LANG}
provider: {name: TEXT}
customer: {name: TEXT}
incident:
  summary: TEXT
  severity: major
  services: [TEXT]
  impact: {description: TEXT, business_impact: TEXT}
  root_cause: {summary: TEXT, details: TEXT, within_our_control: true, contributing_factors: [TEXT]}
timeline:
  - {at: 2026-07-02T13:42:00Z, event: started, text: TEXT}
  - {at: 2026-07-02T13:50:00Z, event: customer_notified, text: TEXT}
  - {at: 2026-07-02T14:09:00Z, event: resolved, text: TEXT}
actions:
  - {action: TEXT, kind: prevent, owner: TEXT, due: 2026-08-15}
lessons: [TEXT]
apology: TEXT
goodwill: {gestures: [TEXT]}
";

fuzz_target!(|data: &[u8]| {
    let (lang, text) = match data.split_first() {
        Some((b, rest)) if b % 2 == 0 => ("cs", rest),
        Some((_, rest)) => ("en", rest),
        None => ("en", data),
    };
    // Hidden controls are refused by check; replace them so the review runs.
    let text: String = String::from_utf8_lossy(text)
        .chars()
        .map(|c| if amends::diag::is_hidden_control(c) || c == '\r' { ' ' } else { c })
        .collect();
    let Ok(quoted) = serde_json::to_string(&text) else { return };
    let yaml = FILE.replace("TEXT", &quoted).replace("LANG", lang);
    let Ok(source) = read::source_from_bytes("fuzz.yaml".into(), yaml.into_bytes(), read::Input::Incident)
    else {
        return;
    };
    let Some(today) = chrono::NaiveDate::from_ymd_opt(2026, 7, 5) else { return };
    let Ok(templates) = Templates::builtin() else { return };
    let _ = amends::lint(&source, Settings { today, provider: None }, &templates, amends::review::Thresholds::default());
});
