//! "Is this report final?": the one place that answers it, for a report id
//! in an output folder. Every output of the id (.md, .json, .pdf) carries its
//! status; the report is final when any of them says so, when they disagree,
//! or when one cannot be read: doubt keeps a final report safe.

use std::fs;
use std::path::Path;

use super::files::{Existing, read_existing};

/// The names in a folder, by their lower-case form (names that differ only
/// by case are the same file on macOS and Windows).
#[derive(Debug, Clone, Default)]
pub struct Listing(std::collections::HashMap<String, Vec<String>>);

impl Listing {
    /// Lists `dir` (empty when it cannot be read).
    #[must_use]
    pub fn of(dir: &Path) -> Listing {
        let mut map: std::collections::HashMap<String, Vec<String>> =
            std::collections::HashMap::new();
        for name in fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
        {
            map.entry(name.to_lowercase()).or_default().push(name);
        }
        Listing(map)
    }

    /// Every name in the folder.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.values().flatten().map(String::as_str)
    }

    /// Whether the folder held no name that is `name` but for case.
    #[must_use]
    pub fn lacks(&self, name: &str) -> bool {
        !self.0.contains_key(&name.to_lowercase())
    }
}

/// The extensions of a report's outputs.
pub const EXTENSIONS: [&str; 3] = ["md", "json", "pdf"];

/// What one output says about its report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Draft or review.
    Draft,
    /// Final.
    Final,
    /// The status could not be read; counts as final.
    Unreadable(String),
}

/// The outputs of one report id in a folder and what each says.
#[derive(Debug, Clone, Default)]
pub struct Finality {
    /// Each existing output's file name and verdict.
    pub files: Vec<(String, Verdict)>,
    /// An output whose name equals one of ours but for case: on macOS and
    /// Windows it is the same file, so the ids collide.
    pub case_clash: Option<String>,
    /// What was read of each output to judge it (None: unreadable), so the
    /// writer compares old and new without reading the files again.
    read: Vec<(String, Option<Vec<u8>>)>,
}

impl Finality {
    /// Looks at every output of `stem` (a report id, or `<id>.internal`) in `dir`.
    #[must_use]
    pub fn read(dir: &Path, stem: &str) -> Finality {
        Self::read_listed(dir, stem, &Listing::of(dir))
    }

    /// [`Finality::read`] from a listing of `dir` taken earlier (a batch lists
    /// its folder once, not once a letter); only the names are taken from it.
    #[must_use]
    pub fn read_listed(dir: &Path, stem: &str, listing: &Listing) -> Finality {
        let names = EXTENSIONS
            .iter()
            .filter_map(|ext| listing.0.get(&format!("{stem}.{ext}").to_lowercase()))
            .flatten()
            .cloned()
            .collect();
        Self::among(dir, stem, names)
    }

    fn among(dir: &Path, stem: &str, mut names: Vec<String>) -> Finality {
        let mut finality = Finality::default();
        names.sort();
        for name in names {
            let Some(ext) = EXTENSIONS
                .iter()
                .find(|ext| name.eq_ignore_ascii_case(&format!("{stem}.{ext}")))
            else {
                continue;
            };
            if name != format!("{stem}.{ext}") {
                finality.case_clash.get_or_insert_with(|| name.clone());
            }
            let verdict = match read_existing(&dir.join(&name)) {
                Existing::Absent => continue,
                Existing::Unreadable(why) => {
                    finality.read.push((name.clone(), None));
                    Verdict::Unreadable(why)
                }
                Existing::File(bytes) => {
                    let verdict = verdict_of(ext, &bytes);
                    finality.read.push((name.clone(), Some(bytes)));
                    verdict
                }
            };
            finality.files.push((name, verdict));
        }
        finality
    }

    /// What was read at `name` to judge the report, taken out: the bytes of
    /// a regular file, `Some(None)` when it could not be read, `None` when
    /// it was not read (absent then).
    pub fn take_read(&mut self, name: &str) -> Option<Option<Vec<u8>>> {
        let at = self.read.iter().position(|(n, _)| n == name)?;
        Some(self.read.swap_remove(at).1)
    }

    /// Whether the report is final: any output says so or cannot be read.
    #[must_use]
    pub fn is_final(&self) -> bool {
        self.files.iter().any(|(_, v)| *v != Verdict::Draft)
    }

    /// Why it is final, for messages: `X.pdf (final), X.json (unreadable: …)`.
    #[must_use]
    pub fn reasons(&self) -> String {
        self.files
            .iter()
            .filter_map(|(name, v)| match v {
                Verdict::Draft => None,
                Verdict::Final => Some(format!("{name} is final")),
                Verdict::Unreadable(why) => Some(format!("{name} has no readable status ({why})")),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The status an output of type `ext` states.
#[must_use]
pub fn verdict_of(ext: &str, bytes: &[u8]) -> Verdict {
    let status = match ext {
        "md" => markdown_status(bytes),
        "json" => json_status(bytes),
        _ => pdf_status(bytes),
    };
    match status {
        Ok(s) if s == "final" => Verdict::Final,
        Ok(s) if s == "draft" || s == "review" => Verdict::Draft,
        Ok(s) => Verdict::Unreadable(format!("unknown status `{}`", s.escape_debug())),
        Err(why) => Verdict::Unreadable(why.into()),
    }
}

fn markdown_status(bytes: &[u8]) -> Result<String, &'static str> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8")?;
    let (meta, _) = crate::render::header::split_meta(text);
    Ok(meta.effective_status().to_owned())
}

fn json_status(bytes: &[u8]) -> Result<String, &'static str> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| "not valid JSON")?;
    value
        .pointer("/report/status")
        .and_then(|s| s.as_str())
        .map(str::to_owned)
        .ok_or("no report.status")
}

/// The `/AmendsStatus` entry of the Info dictionary. The dictionary is found
/// the way a reader finds it (`startxref` -> cross-reference table ->
/// trailer's `/Info` -> that object), so the same words elsewhere in the file
/// (a link's address, say) are not taken for it. A file laid out otherwise
/// (re-saved by another tool, updated incrementally) falls back to every
/// `/AmendsStatus` in its bytes, which can only err towards "final".
fn pdf_status(bytes: &[u8]) -> Result<String, &'static str> {
    status_entries(info_dictionary(bytes).unwrap_or(bytes))
}

/// The `/AmendsStatus` entries in `bytes`; two that differ, or none, leave
/// the status unknown.
fn status_entries(bytes: &[u8]) -> Result<String, &'static str> {
    const KEY: &[u8] = b"/AmendsStatus";
    let mut found: Option<&[u8]> = None;
    let mut rest = bytes;
    while let Some(at) = find(rest, KEY) {
        let value = rest[at + KEY.len()..].trim_ascii_start();
        let value = value
            .strip_prefix(b"(")
            .ok_or("a status that is not a string")?;
        let end = value
            .iter()
            .position(|&b| b == b')')
            .ok_or("a cut status")?;
        match found {
            Some(seen) if seen != &value[..end] => return Err("two different statuses"),
            _ => found = Some(&value[..end]),
        }
        rest = &value[end..];
    }
    let status = found.ok_or("no /AmendsStatus in its metadata")?;
    Ok(String::from_utf8_lossy(status).into_owned())
}

/// The Info dictionary's object (`N G obj` .. `endobj`) of a PDF with one
/// classic cross-reference table, as amends writes it; `None` otherwise.
fn info_dictionary(bytes: &[u8]) -> Option<&[u8]> {
    // The last `startxref` of the file's tail gives the table's offset.
    let tail_from = bytes.len().saturating_sub(1024);
    let at = tail_from + rfind(&bytes[tail_from..], b"startxref")?;
    let (xref_at, _) = number(&bytes[at + b"startxref".len()..])?;
    let table = bytes.get(usize::try_from(xref_at).ok()?..)?;
    let mut rest = table.strip_prefix(b"xref")?;
    // The trailer follows the table; everything from here on is structure
    // amends wrote, not text from the input.
    let trailer = &rest[find(rest, b"trailer")?..];
    let info_at = find(trailer, b"/Info")?;
    let (object, after) = number(&trailer[info_at + b"/Info".len()..])?;
    let (generation, _) = number(after)?;
    // Subsections: `first count`, then `count` entries of 20 bytes.
    let offset = loop {
        let (first, after) = number(rest)?;
        let (count, after) = number(after)?;
        let entries = after.trim_ascii_start();
        if (first..first.checked_add(count)?).contains(&object) {
            let k = usize::try_from(object - first).ok()?;
            let start = k.checked_mul(20)?;
            let entry = entries.get(start..start.saturating_add(20))?;
            let (offset, after) = number(entry)?;
            let (entry_generation, after) = number(after)?;
            if entry_generation != generation || after.trim_ascii_start().first() != Some(&b'n') {
                return None;
            }
            break offset;
        }
        rest = entries.get(usize::try_from(count).ok()?.checked_mul(20)?..)?;
    };
    let object_bytes = bytes.get(usize::try_from(offset).ok()?..)?;
    let (n, after) = number(object_bytes)?;
    let (g, after) = number(after)?;
    if n != object || g != generation || !after.trim_ascii_start().starts_with(b"obj") {
        return None;
    }
    Some(&object_bytes[..find(object_bytes, b"endobj")?])
}

/// The unsigned decimal number after any leading white space, and what follows it.
fn number(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let bytes = bytes.trim_ascii_start();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let text = std::str::from_utf8(bytes.get(..digits)?).ok()?;
    Some((text.parse().ok()?, &bytes[digits..]))
}

/// Where `needle` first occurs in `bytes`.
fn find(bytes: &[u8], needle: &[u8]) -> Option<usize> {
    bytes.windows(needle.len()).position(|w| w == needle)
}

/// Where `needle` last occurs in `bytes`.
fn rfind(bytes: &[u8], needle: &[u8]) -> Option<usize> {
    bytes.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_states_its_status() {
        let md = "<!-- amends\ntitle: T\nstatus: review\n-->\n\n# T\n";
        assert_eq!(verdict_of("md", md.as_bytes()), Verdict::Draft);
        assert_eq!(
            verdict_of("md", b"<!-- amends\ntitle: T\n-->\n"),
            Verdict::Final
        );
        assert_eq!(verdict_of("md", b"# hand made"), Verdict::Draft);
        assert!(matches!(verdict_of("md", b"\xff"), Verdict::Unreadable(_)));
        let json = br#"{"report": {"status": "final"}}"#;
        assert_eq!(verdict_of("json", json), Verdict::Final);
        assert!(matches!(verdict_of("json", b""), Verdict::Unreadable(_)));
        assert!(matches!(
            verdict_of("json", b"{\"report\":{}}"),
            Verdict::Unreadable(_)
        ));
        let pdf = b"%PDF-1.4 << /AmendsStatus(draft) /Title (x) >>";
        assert_eq!(verdict_of("pdf", pdf), Verdict::Draft);
        let two = b"<< /AmendsStatus (draft) >> << /AmendsStatus (final) >>";
        assert!(matches!(verdict_of("pdf", two), Verdict::Unreadable(_)));
        assert!(matches!(
            verdict_of("pdf", b"%PDF-1.4"),
            Verdict::Unreadable(_)
        ));
    }

    /// Only the Info dictionary states the status: a link whose address
    /// spells another one (written into the file as it is) does not count.
    #[test]
    fn a_link_that_spells_a_status_does_not_change_the_verdict() {
        use crate::render::pdf::{Paper, PdfOptions, typeset};
        for (status, other, verdict) in [
            ("draft", "final", Verdict::Draft),
            ("final", "draft", Verdict::Final),
        ] {
            let md = format!(
                "<!-- amends\ntitle: T\nstatus: {status}\n-->\n\n# T\n\n\
                 See [the notice](https://example.com/AmendsStatus({other})).\n"
            );
            let pdf = typeset(&md, PdfOptions { paper: Paper::A4 }).unwrap();
            let spelled = format!("/AmendsStatus({other})");
            assert!(
                pdf.bytes
                    .windows(spelled.len())
                    .any(|w| w == spelled.as_bytes()),
                "the link's address is in the file as written"
            );
            assert_eq!(verdict_of("pdf", &pdf.bytes), verdict, "{status}");
        }
        // A file amends did not lay out falls back to every entry: two
        // different ones leave it unreadable (treated as final, never lost).
        let two = b"%PDF-1.4 << /AmendsStatus(draft) >> << /AmendsStatus(final) >>";
        assert!(matches!(verdict_of("pdf", two), Verdict::Unreadable(_)));
    }

    #[test]
    fn one_final_or_unreadable_output_makes_the_report_final() {
        let dir = tempfile::tempdir().unwrap();
        let draft = "<!-- amends\ntitle: T\nstatus: draft\n-->\n";
        fs::write(dir.path().join("X.md"), draft).unwrap();
        assert!(!Finality::read(dir.path(), "X").is_final());
        fs::write(dir.path().join("X.json"), "{").unwrap();
        let f = Finality::read(dir.path(), "X");
        assert!(f.is_final(), "{f:?}");
        assert!(f.reasons().contains("X.json"), "{}", f.reasons());
        fs::write(dir.path().join("x.pdf"), "").unwrap();
        assert_eq!(
            Finality::read(dir.path(), "X").case_clash.as_deref(),
            Some("x.pdf")
        );
    }

    /// The writer compares with what finality read instead of reading again.
    #[test]
    fn what_was_read_to_judge_is_handed_to_the_writer_once() {
        let dir = tempfile::tempdir().unwrap();
        let draft = "<!-- amends\ntitle: T\nstatus: draft\n-->\n";
        fs::write(dir.path().join("X.md"), draft).unwrap();
        fs::create_dir(dir.path().join("X.json")).unwrap();
        let mut f = Finality::read(dir.path(), "X");
        assert_eq!(f.take_read("X.md"), Some(Some(draft.as_bytes().to_vec())));
        assert_eq!(f.take_read("X.md"), None);
        assert_eq!(f.take_read("X.json"), Some(None));
        assert_eq!(f.take_read("X.pdf"), None);
        // Judged from a listing: only the names listed are read.
        let listing = Listing::of(dir.path());
        fs::write(dir.path().join("X.pdf"), "%PDF").unwrap();
        let mut f = Finality::read_listed(dir.path(), "X", &listing);
        assert_eq!(f.take_read("X.pdf"), None);
        assert!(f.take_read("X.md").is_some());
    }
}
