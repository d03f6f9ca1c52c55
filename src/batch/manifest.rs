//! The manifest of a batch, for finance and CI: per customer the credit,
//! goodwill and total in its currency, whether its letter was written, and
//! the totals per currency. Written as JSON (which `manifest merge` reads)
//! and as CSV.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Format version of the manifest JSON.
pub const MANIFEST_FORMAT: u32 = 1;

/// One customer's line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// The customer's id.
    pub customer: String,
    /// The customer's name, when it could be read.
    pub name: String,
    /// The letter's report id (names its files).
    pub report_id: String,
    /// The letter's language.
    pub language: String,
    /// ISO 4217 code; empty without a contract.
    pub currency: String,
    /// Contractual credit, rounded to the currency; `None` without a contract.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub credit: Option<Decimal>,
    /// Goodwill, rounded; `None` without a contract.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub goodwill: Option<Decimal>,
    /// Credit + goodwill, as the letter states it.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total: Option<Decimal>,
    /// Whether every file of the letter was written.
    pub written: bool,
    /// The files written, names inside the output folder.
    pub files: Vec<String>,
    /// Why the letter was not written.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
}

/// The sums for one currency, over the letters written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Total {
    /// ISO 4217 code.
    pub currency: String,
    /// Letters counted.
    pub letters: usize,
    /// Sum of the credits.
    #[serde(with = "rust_decimal::serde::str")]
    pub credit: Decimal,
    /// Sum of the goodwill.
    #[serde(with = "rust_decimal::serde::str")]
    pub goodwill: Decimal,
    /// Sum of the totals.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
}

/// A whole manifest (of a batch, or of one shard of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`MANIFEST_FORMAT`].
    pub format: u32,
    /// The incident's report id.
    pub incident: String,
    /// `I/N` when this manifest covers one shard; absent for a whole batch.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub shard: Option<String>,
    /// Letters written.
    pub written: usize,
    /// Letters not written (see each line's `error`).
    pub not_written: usize,
    /// Totals per currency, by code, over the letters written.
    pub totals: Vec<Total>,
    /// One line per customer, sorted by customer id.
    pub customers: Vec<Line>,
}

impl Manifest {
    /// A manifest of `lines` (any order): sorted, counted and totalled.
    #[must_use]
    pub fn new(incident: String, shard: Option<String>, mut lines: Vec<Line>) -> Manifest {
        lines.sort_by(|a, b| a.customer.cmp(&b.customer));
        let mut tally = Tally::default();
        for line in &lines {
            tally.add(line);
        }
        tally.manifest(incident, shard, lines)
    }

    /// Whether every letter was written.
    #[must_use]
    pub fn complete(&self) -> bool {
        self.not_written == 0
    }

    /// The manifest as pretty JSON, newline-terminated.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// One CSV row per customer, then one `TOTAL` row per currency.
    #[must_use]
    pub fn to_csv(&self) -> String {
        let mut out = csv_header();
        for l in &self.customers {
            out.push_str(&csv_row(l));
        }
        out.push_str(&csv_totals(&self.totals));
        out
    }
}

/// The CSV's header row.
fn csv_header() -> String {
    csv_record(&[
        "customer",
        "name",
        "report_id",
        "language",
        "currency",
        "credit",
        "goodwill",
        "total",
        "written",
        "error",
    ])
}

/// A customer's CSV row.
fn csv_row(l: &Line) -> String {
    let amount = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    csv_record(&[
        inert(&l.customer).as_ref(),
        &inert(&l.name),
        &inert(&l.report_id),
        &l.language,
        &l.currency,
        &amount(l.credit),
        &amount(l.goodwill),
        &amount(l.total),
        if l.written { "yes" } else { "no" },
        &inert(l.error.as_deref().unwrap_or("")),
    ])
}

/// One `TOTAL` row per currency.
fn csv_totals(totals: &[Total]) -> String {
    totals
        .iter()
        .map(|t| {
            csv_record(&[
                "TOTAL",
                &format!("{} letters", t.letters),
                "",
                "",
                &t.currency,
                &t.credit.to_string(),
                &t.goodwill.to_string(),
                &t.total.to_string(),
                "",
                "",
            ])
        })
        .collect()
}

/// One CSV record, quoted where it needs to be, with its line end.
fn csv_record(cells: &[&str]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(cells);
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The running totals of a manifest's lines: per currency over the letters written.
#[derive(Debug, Default)]
struct Tally {
    written: usize,
    not_written: usize,
    totals: BTreeMap<String, Total>,
}

impl Tally {
    fn add(&mut self, line: &Line) {
        if !line.written {
            self.not_written += 1;
            return;
        }
        self.written += 1;
        if line.currency.is_empty() {
            return;
        }
        let t = self
            .totals
            .entry(line.currency.clone())
            .or_insert_with(|| Total {
                currency: line.currency.clone(),
                letters: 0,
                credit: Decimal::ZERO,
                goodwill: Decimal::ZERO,
                total: Decimal::ZERO,
            });
        t.letters += 1;
        t.credit += line.credit.unwrap_or_default();
        t.goodwill += line.goodwill.unwrap_or_default();
        t.total += line.total.unwrap_or_default();
    }

    /// A manifest of these totals and `customers`.
    fn manifest(self, incident: String, shard: Option<String>, customers: Vec<Line>) -> Manifest {
        Manifest {
            format: MANIFEST_FORMAT,
            incident,
            shard,
            written: self.written,
            not_written: self.not_written,
            totals: self.totals.into_values().collect(),
            customers,
        }
    }
}

/// A manifest written as its lines come, in customer-id order, so that a
/// batch holds none of them: the CSV rows and the JSON lines go to staged
/// files at once and only the totals are kept. [`Streamed::finish`] writes
/// the same bytes as [`Manifest::to_json`] and [`Manifest::to_csv`].
#[derive(Debug)]
pub struct Streamed {
    incident: String,
    shard: Option<String>,
    tally: Tally,
    csv: crate::write::Staged,
    /// The JSON's customer lines, until the header (which needs the totals) is known.
    lines: crate::write::Staged,
    json: PathBuf,
    last: Option<String>,
    kept: Vec<Line>,
}

/// How many lines of letters not written a [`Streamed`] manifest keeps for messages.
pub const KEPT_NOT_WRITTEN: usize = crate::diag::MAX_SHOWN_PER_FILE;

impl Streamed {
    /// Starts the manifest `json` and `csv` (paths) of `incident`.
    pub fn start(
        incident: String,
        shard: Option<String>,
        json: &Path,
        csv: &Path,
    ) -> Result<Streamed, crate::write::WriteError> {
        let mut csv = crate::write::Staged::create(csv)?;
        csv.write(csv_header().as_bytes())?;
        let lines_name = json.with_extension("lines");
        Ok(Streamed {
            incident,
            shard,
            tally: Tally::default(),
            csv,
            lines: crate::write::Staged::create(&lines_name)?,
            json: json.to_owned(),
            last: None,
            kept: Vec::new(),
        })
    }

    /// Adds the next line; lines must come sorted by customer id.
    pub fn add(&mut self, line: Line) -> Result<(), crate::write::WriteError> {
        debug_assert!(self.last.as_deref().is_none_or(|l| *l <= *line.customer));
        self.tally.add(&line);
        self.csv.write(csv_row(&line).as_bytes())?;
        let mut json = String::from(if self.last.is_some() { ",\n" } else { "" });
        let pretty = serde_json::to_string_pretty(&line).unwrap_or_default();
        // The line as it stands in the customers array of the pretty manifest.
        for (i, row) in pretty.split('\n').enumerate() {
            if i > 0 {
                json.push('\n');
            }
            json.push_str("    ");
            json.push_str(row);
        }
        self.lines.write(json.as_bytes())?;
        self.last = Some(line.customer.clone());
        if !line.written && self.kept.len() < KEPT_NOT_WRITTEN {
            self.kept.push(line);
        }
        Ok(())
    }

    /// Writes the totals, syncs the files and gives them their names (the
    /// JSON last); the manifest returned holds the first
    /// [`KEPT_NOT_WRITTEN`] lines of letters not written, no others.
    pub fn finish(mut self) -> Result<Manifest, crate::write::WriteError> {
        let manifest = self.tally.manifest(self.incident, self.shard, Vec::new());
        self.csv.write(csv_totals(&manifest.totals).as_bytes())?;
        self.csv.commit()?;
        let mut json = crate::write::Staged::create(&self.json)?;
        let head = manifest.to_json();
        // `"customers": []` closes the empty manifest: the lines go inside.
        let head = head.strip_suffix("[]\n}\n").unwrap_or(&head).to_owned();
        json.write(head.as_bytes())?;
        if self.last.is_some() {
            json.write(b"[\n")?;
            let mut lines = self.lines.read_back()?;
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match std::io::Read::read(&mut lines, &mut buf) {
                    Ok(0) => break,
                    Ok(n) => json.write(&buf[..n])?,
                    Err(source) => {
                        return Err(crate::write::WriteError::Io {
                            path: self.json.clone(),
                            source,
                        });
                    }
                }
            }
            json.write(b"\n  ]\n}\n")?;
        } else {
            json.write(b"[]\n}\n")?;
        }
        json.commit()?;
        Ok(Manifest {
            customers: self.kept,
            ..manifest
        })
    }
}

/// A text cell that a spreadsheet will not run as a formula: finance opens
/// this file, and a customer's name comes from outside (`=HYPERLINK(...)`).
fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// Why shard manifests could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// A manifest is not a manifest of this format.
    #[error("{name}: not an amends manifest (format {MANIFEST_FORMAT}): {message}")]
    Invalid {
        /// The file.
        name: String,
        /// What the JSON reader said.
        message: String,
    },
    /// The manifests come from different incidents.
    #[error("{name}: the manifest is for incident `{found}`, the first one for `{expected}`")]
    OtherIncident {
        /// The file.
        name: String,
        /// The first manifest's incident.
        expected: String,
        /// This one's.
        found: String,
    },
    /// A customer is in two manifests.
    #[error("customer `{0}` is in more than one manifest; merge each shard once")]
    Duplicate(String),
    /// Nothing to merge.
    #[error("no manifests to merge")]
    Empty,
}

/// Joins shard manifests (name, JSON text) into the manifest of the whole batch.
pub fn merge(manifests: &[(String, String)]) -> Result<Manifest, MergeError> {
    let mut incident: Option<String> = None;
    let mut lines = Vec::new();
    for (name, text) in manifests {
        let m: Manifest = serde_json::from_str(text).map_err(|e| MergeError::Invalid {
            name: name.clone(),
            message: e.to_string(),
        })?;
        if m.format != MANIFEST_FORMAT {
            return Err(MergeError::Invalid {
                name: name.clone(),
                message: format!("format {}", m.format),
            });
        }
        match &incident {
            Some(expected) if *expected != m.incident => {
                return Err(MergeError::OtherIncident {
                    name: name.clone(),
                    expected: expected.clone(),
                    found: m.incident,
                });
            }
            Some(_) => {}
            None => incident = Some(m.incident.clone()),
        }
        lines.extend(m.customers);
    }
    let incident = incident.ok_or(MergeError::Empty)?;
    lines.sort_by(|a: &Line, b: &Line| a.customer.cmp(&b.customer));
    if let Some(pair) = lines.windows(2).find(|p| p[0].customer == p[1].customer) {
        return Err(MergeError::Duplicate(pair[0].customer.clone()));
    }
    Ok(Manifest::new(incident, None, lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(customer: &str, currency: &str, total: &str, written: bool) -> Line {
        let total = Decimal::from_str_exact(total).unwrap();
        Line {
            customer: customer.into(),
            name: String::new(),
            report_id: format!("R-{customer}"),
            language: "en".into(),
            currency: currency.into(),
            credit: Some(total),
            goodwill: Some(Decimal::ZERO),
            total: Some(total),
            written,
            files: Vec::new(),
            error: None,
        }
    }

    #[test]
    fn totals_are_per_currency_over_the_letters_written() {
        let m = Manifest::new(
            "R".into(),
            None,
            vec![
                line("b", "EUR", "0.10", true),
                line("a", "EUR", "0.20", true),
                line("c", "CZK", "5.00", true),
                line("d", "EUR", "100.00", false),
            ],
        );
        assert_eq!(m.customers[0].customer, "a");
        assert_eq!((m.written, m.not_written), (3, 1));
        assert!(!m.complete());
        let eur = m.totals.iter().find(|t| t.currency == "EUR").unwrap();
        assert_eq!(eur.total.to_string(), "0.30");
        assert_eq!(eur.letters, 2);
        assert_eq!(m.totals[0].currency, "CZK");
    }

    /// Streams `lines` into a folder; the files and what `finish` returned.
    fn streamed(lines: &[Line], shard: Option<&str>) -> (String, String, Manifest, usize) {
        let dir = tempfile::tempdir().unwrap();
        let (json, csv) = (
            dir.path().join("R.manifest.json"),
            dir.path().join("R.manifest.csv"),
        );
        let mut m = Streamed::start("R".into(), shard.map(Into::into), &json, &csv).unwrap();
        for l in lines {
            m.add(l.clone()).unwrap();
        }
        let kept = m.finish().unwrap();
        let left = std::fs::read_dir(dir.path()).unwrap().count();
        let read = |p| std::fs::read_to_string(p).unwrap();
        (read(&json), read(&csv), kept, left)
    }

    #[test]
    fn a_streamed_manifest_is_the_manifest_byte_for_byte() {
        let mut failed = line("c\"x", "CZK", "5.00", false);
        failed.error = Some("line 1\nline 2, \"quoted\"".into());
        failed.name = "=1+1, \u{17d}lut\u{fd}".into();
        let mut lines = vec![
            line("a", "EUR", "0.20", true),
            line("b", "EUR", "0.10", true),
            failed,
            line("d", "", "0", true),
        ];
        lines[0].files = vec!["R-a.md".into(), "R-a.pdf".into()];
        for shard in [None, Some("2/3")] {
            let whole = Manifest::new("R".into(), shard.map(Into::into), lines.clone());
            let (json, csv, kept, left) = streamed(&lines, shard);
            assert_eq!(json, whole.to_json());
            assert_eq!(csv, whole.to_csv());
            assert_eq!((left, kept.written, kept.not_written), (2, 3, 1));
            assert_eq!(kept.totals, whole.totals);
            assert_eq!(kept.customers, vec![lines[2].clone()]);
        }
        // A shard may hold no customer at all.
        let (json, csv, _, _) = streamed(&[], Some("4/4"));
        let empty = Manifest::new("R".into(), Some("4/4".into()), Vec::new());
        assert_eq!((json, csv), (empty.to_json(), empty.to_csv()));
    }

    #[test]
    fn a_name_is_never_a_spreadsheet_formula() {
        let mut evil = line("a", "EUR", "1", true);
        evil.name = "=HYPERLINK(\"http://x.invalid\",\"pay\")".into();
        let csv = Manifest::new("R".into(), None, vec![evil]).to_csv();
        assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
        assert_eq!(inert("Acme"), "Acme");
    }

    #[test]
    fn merging_refuses_other_incidents_and_duplicates() {
        let a = Manifest::new(
            "R".into(),
            Some("1/2".into()),
            vec![line("a", "EUR", "1", true)],
        );
        let b = Manifest::new(
            "R".into(),
            Some("2/2".into()),
            vec![line("b", "EUR", "2", true)],
        );
        let other = Manifest::new("Q".into(), None, vec![line("c", "EUR", "2", true)]);
        let merged = merge(&[("a".into(), a.to_json()), ("b".into(), b.to_json())]).unwrap();
        assert_eq!(
            merged,
            Manifest::new(
                "R".into(),
                None,
                vec![line("b", "EUR", "2", true), line("a", "EUR", "1", true)]
            )
        );
        assert!(matches!(
            merge(&[("a".into(), a.to_json()), ("a".into(), a.to_json())]),
            Err(MergeError::Duplicate(_))
        ));
        assert!(matches!(
            merge(&[("a".into(), a.to_json()), ("o".into(), other.to_json())]),
            Err(MergeError::OtherIncident { .. })
        ));
        assert!(matches!(merge(&[]), Err(MergeError::Empty)));
        assert!(matches!(
            merge(&[("x".into(), "{}".into())]),
            Err(MergeError::Invalid { .. })
        ));
    }
}
