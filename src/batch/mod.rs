//! Batch: one incident and a customers file -> one letter per customer and a
//! manifest. Every customer is checked before anything is written; letters
//! are rendered in parallel and streamed to disk (no customer's PDF is held
//! longer than it takes to write it), synced once, then the manifest.

pub mod customer;
pub mod customers;
pub mod manifest;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check::batch::Terms;
pub use crate::check::translation::Edition;
use crate::check::{Report, Settings};
use crate::diag::Diagnostic;
use crate::read::{IncidentFile, Source};
use crate::render::Templates;
use crate::write::WriteError;
pub use customers::{CustomersError, CustomersFile, MAX_CUSTOMERS};
pub use manifest::{Line, Manifest};

/// An incident with its customers, all checked.
#[derive(Debug)]
pub struct Batch {
    /// The incident file's text (the review places findings in it).
    pub source: Source,
    /// The incident file as read (the review reads its texts).
    pub file: IncidentFile,
    /// The incident's validated report: every letter starts from it.
    pub report: Report,
    /// Its plans and regions.
    pub terms: Terms,
    /// The customers, sorted by id (a CSV file's read back one by one).
    pub customers: CustomersFile,
    /// The incident in other languages (`translations:`), by language tag.
    pub translations: BTreeMap<String, Edition>,
}

impl Batch {
    /// The file and report a letter in `language` is written from.
    #[must_use]
    pub fn edition(&self, language: &str) -> (&IncidentFile, &Report) {
        match customer::edition(language, &self.report.meta.language, &self.translations) {
            Some(Some(key)) => self
                .translations
                .get(key)
                .map_or((&self.file, &self.report), |e| (&e.file, &e.report)),
            _ => (&self.file, &self.report),
        }
    }
}

/// Why a batch could not start.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The incident file is unreadable or invalid.
    #[error(transparent)]
    Incident(#[from] crate::Error),
    /// The customers file is unreadable or a customer is invalid.
    #[error(transparent)]
    Customers(#[from] CustomersError),
    /// No customers file was named.
    #[error(
        "{0}: no customers file; pass --customers FILE or write `customers: FILE` in the incident file"
    )]
    NoCustomers(String),
}

/// The I-th of N deterministic slices of a batch (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which slice, from 1.
    pub index: usize,
    /// How many slices.
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || format!("`{text}` is not a shard; expected I/N with 1 <= I <= N, e.g. 2/8");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let index: usize = i.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Whether the customer at `position` (in id order) is in this shard:
    /// every N-th, so shards are even whatever the ids look like.
    #[must_use]
    pub fn holds(&self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

/// Reads and checks an incident and its customers. The customers file is
/// `customers` when given, else the incident's `customers:` (relative to
/// the incident file). Every problem in either file is reported.
pub fn prepare(
    source: &Source,
    customers: Option<&Path>,
    settings: Settings,
    templates: &Templates,
) -> Result<Batch, BatchError> {
    let invalid = |diagnostics| crate::Error::Invalid {
        name: source.name.clone(),
        text: source.text.clone(),
        diagnostics,
    };
    let file = match crate::read::parse_all(source) {
        Ok(file) => file,
        // The single-file path reports every shape problem at once.
        Err(_) => {
            return Err(crate::check(source, settings).err().map_or_else(
                || BatchError::NoCustomers(source.name.clone()),
                BatchError::Incident,
            ));
        }
    };
    let (report, terms) = crate::check::batch::validate_batch(&file, settings).map_err(invalid)?;
    let path = match (customers, &terms.customers) {
        (Some(path), _) => path.to_owned(),
        (None, Some((name, _))) => Path::new(&source.name)
            .parent()
            .unwrap_or(Path::new(""))
            .join(name),
        (None, None) => return Err(BatchError::NoCustomers(source.name.clone())),
    };
    let languages: Vec<&str> = templates.languages().collect();
    let translations = crate::check::translation::editions(source, &file, settings, &languages)
        .map_err(invalid)?;
    let mut checker = Checker {
        report: &report,
        translated: &translations,
        terms: &terms,
        templates,
        diags: Vec::new(),
        plan_currency: BTreeMap::new(),
    };
    let mut customers = customers::load(&path, &mut |chunk| checker.chunk(chunk))?;
    let diags = checker.diags;
    if report.meta.status == crate::check::Status::Final && customers.len() > 1 {
        return Err(BatchError::Incident(invalid(vec![Diagnostic::error(
            report.meta.status_pos,
            format!(
                "a batch of {} customers cannot be `final`: a reviewer approves one letter by its fingerprint, \
                 and every customer's letter is a different text; expected `status: review` (or draft)",
                customers.len()
            ),
        )
        .with_hint("render the batch as `review`; a customer's letter becomes final alone, as a single incident file or a batch of one, approved by its fingerprint (docs/batch.md)")])));
    }
    finish_check(&mut customers, diags)?;
    Ok(Batch {
        source: source.clone(),
        file,
        report,
        terms,
        customers,
        translations,
    })
}

/// Checks customers as the file is read, a chunk at a time: each report
/// buildable, and one currency per plan that pays a per-hour amount.
struct Checker<'a> {
    report: &'a Report,
    translated: &'a BTreeMap<String, Edition>,
    terms: &'a Terms,
    templates: &'a Templates,
    diags: Vec<Diagnostic>,
    /// Each such plan's first currency.
    plan_currency: BTreeMap<String, String>,
}

impl Checker<'_> {
    fn chunk(&mut self, entries: &[customers::Entry]) {
        let (report, translated, terms, templates) =
            (self.report, self.translated, self.terms, self.templates);
        self.diags.par_extend(entries.par_iter().flat_map_iter(|e| {
            customer::customer_report(e, report, translated, terms, templates)
                .err()
                .unwrap_or_default()
        }));
        // A per-hour amount is money: one plan cannot pay it in two currencies.
        for entry in entries {
            let (Some(plan), Some(currency)) =
                (entry.cells.get("plan"), entry.cells.get("currency"))
            else {
                continue;
            };
            let name = plan.text.trim();
            if terms
                .plans
                .get(name)
                .is_none_or(|p| p.sla.per_hour.is_none())
            {
                continue;
            }
            let code = currency.text.trim().to_ascii_uppercase();
            match self.plan_currency.get(name) {
                Some(first) if *first != code => self.diags.push(Diagnostic::error(
                    currency.pos,
                    format!(
                        "`currency`: plan `{name}` pays a per-hour amount, which is money in one currency, \
                         and its first customer pays in {first}; declare a plan for {code} customers"
                    ),
                )),
                Some(_) => {}
                None => {
                    self.plan_currency.insert(name.to_owned(), code);
                }
            }
        }
    }
}

/// Ends the check (ids unique, at least one customer) and sorts the
/// customers by id.
fn finish_check(
    file: &mut CustomersFile,
    mut diags: Vec<Diagnostic>,
) -> Result<(), CustomersError> {
    // Stable: of two rows with one id, the first in the file comes first.
    file.rows.sort_by(|a, b| a.id.cmp(&b.id));
    for pair in file.rows.windows(2) {
        let [first, again] = pair else { continue };
        if first.id == again.id {
            // A third row with the id names the second as "first": the
            // first row of the run is what the reader looks for.
            let start = file.rows.partition_point(|r| r.id < first.id);
            let first_pos = file.rows.get(start).and_then(|r| r.id_pos);
            let first_line = first_pos.map_or(String::new(), |p| format!(" on line {}", p.line));
            diags.push(Diagnostic::error(
                again.id_pos,
                format!(
                    "`id`: customer `{}` is listed twice (first{first_line}); each customer needs its own id",
                    again.id
                ),
            ));
        }
    }
    if file.is_empty() {
        diags.push(Diagnostic::error(
            None,
            "the file lists no customers; add at least one",
        ));
    }
    if diags.is_empty() {
        Ok(())
    } else {
        crate::diag::sort(&mut diags);
        Err(CustomersError {
            name: file.name.clone(),
            text: file.text.clone(),
            diagnostics: diags,
        })
    }
}

/// What to write for each letter.
#[derive(Debug, Clone)]
pub struct Options {
    /// The output folder.
    pub out: PathBuf,
    /// Write the Markdown.
    pub markdown: bool,
    /// Write the JSON.
    pub json: bool,
    /// Typeset and write the PDF with these options.
    pub pdf: Option<crate::render::pdf::PdfOptions>,
    /// Replace final letters that would change.
    pub force: bool,
    /// Render only this slice.
    pub shard: Option<Shard>,
    /// The incident and customers files: no letter may replace them.
    pub inputs: Vec<PathBuf>,
}

/// How often each warning or review rule came up, with a few customers as examples.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// By rule id (review findings) or message (warnings): count and up to
    /// [`EXAMPLES`] customer ids.
    pub counts: BTreeMap<String, (usize, Vec<String>)>,
}

/// How many customers a summary names per rule.
pub const EXAMPLES: usize = 3;

impl Summary {
    fn add(&mut self, key: String, customer: &str) {
        let slot = self.counts.entry(key).or_default();
        slot.0 += 1;
        if slot.1.len() < EXAMPLES {
            slot.1.push(customer.to_owned());
        }
    }

    fn merge(mut self, other: Summary) -> Summary {
        for (key, (n, examples)) in other.counts {
            let slot = self.counts.entry(key).or_default();
            slot.0 += n;
            slot.1.extend(examples);
            slot.1.sort();
            slot.1.truncate(EXAMPLES);
        }
        self
    }
}

/// What a batch run produced.
#[derive(Debug)]
pub struct Outcome {
    /// The manifest written to the output folder, with the first
    /// [`manifest::KEPT_NOT_WRITTEN`] lines of letters not written as its
    /// only lines (the files have every line).
    pub manifest: Manifest,
    /// The manifest files written.
    pub manifest_files: Vec<PathBuf>,
    /// Warnings and findings over the letters, summarised.
    pub summary: Summary,
}

/// The manifest's file names for a shard (or the whole batch).
#[must_use]
pub fn manifest_names(incident: &str, shard: Option<Shard>) -> (String, String) {
    let stem = match shard {
        Some(s) => format!("{incident}.manifest.{}-of-{}", s.index, s.count),
        None => format!("{incident}.manifest"),
    };
    (format!("{stem}.json"), format!("{stem}.csv"))
}

/// Renders the letters of `batch` (its shard) in parallel, writes them in
/// order, each line of the manifest as its letter is written (staged), then
/// syncs the folder once and gives the manifest its names. `tick` is called once per
/// letter done (for a progress bar). A letter that fails is not written and
/// its line in the manifest says why; the outcome's manifest then is not
/// complete.
pub fn run(
    batch: &Batch,
    templates: &Templates,
    options: &Options,
    tick: &(dyn Fn() + Sync),
) -> Result<Outcome, WriteError> {
    // One lock for the whole batch: no other amends writes in the folder
    // while its letters and manifest are written.
    let folder = crate::write::Folder::lock(&options.out)?;
    // A manifest from an earlier run would describe letters this run is
    // about to replace: it goes first, so an interrupted run leaves none.
    let (json, csv) = manifest_names(&batch.report.meta.id, options.shard);
    let (json, csv) = (options.out.join(json), options.out.join(csv));
    for stale in [&json, &csv] {
        match std::fs::remove_file(stale) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(WriteError::Io {
                    path: stale.clone(),
                    source: e,
                });
            }
            _ => {}
        }
    }
    // Places in id order; each worker reads its customers back itself.
    let chosen: Vec<usize> = (0..batch.customers.len())
        .filter(|i| options.shard.is_none_or(|s| s.holds(*i)))
        .collect();
    let shared = crate::SharedLetterhead::of(&batch.source, &batch.report);
    let scans: Vec<crate::review::Scan> = std::iter::once(&batch.file)
        .chain(batch.translations.values().map(|e| &e.file))
        .map(crate::review::Scan::of)
        .collect();
    let workers = rayon::current_num_threads().max(1);
    // Workers take the customers in order; one writer (this thread) writes
    // their letters in that order: two threads creating files in one folder
    // contend for its lock in the kernel, and the order is deterministic.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, Rendered)>(2 * workers);
    let mut manifest = manifest::Streamed::start(
        batch.report.meta.id.clone(),
        options.shard.map(|s| s.to_string()),
        &json,
        &csv,
    )?;
    let mut written = 0;
    let mut failed: Result<(), WriteError> = Ok(());
    let mut summary = Summary::default();
    // Threads of their own: a caller inside rayon's pool cannot starve them.
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let (next, chosen, shared, scans) = (&next, &chosen, shared.as_ref(), &scans);
            scope.spawn(move || {
                // Each thread loads the faces once and keeps their caches.
                let fonts = crate::render::pdf::fonts::Fonts::load().ok();
                // ... and reviews each edition's texts once.
                let review = crate::review::Cache::new(scans, &batch.source.text);
                let with = crate::Shared {
                    fonts: fonts.as_ref(),
                    letterhead: shared,
                    review: Some(&review),
                };
                let mut rows = batch.customers.rereader();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&at) = chosen.get(i) else { break };
                    let rendered = match rows.get(at) {
                        Ok(entry) => render(batch, &entry, templates, options, &with),
                        Err(error) => Rendered::unread(&batch.customers.rows[at].id, error),
                    };
                    if send.send((i, rendered)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        let mut waiting: BTreeMap<usize, Rendered> = BTreeMap::new();
        for (i, rendered) in receive {
            waiting.insert(i, rendered);
            while let Some(rendered) = waiting.remove(&written) {
                let (line, one) = write(rendered, &folder, options);
                written += 1;
                summary = std::mem::take(&mut summary).merge(one);
                if failed.is_ok() {
                    failed = manifest.add(line);
                }
                tick();
            }
        }
    });
    failed?;
    folder.sync()?;
    let manifest = manifest.finish()?;
    Ok(Outcome {
        manifest,
        manifest_files: vec![json, csv],
        summary,
    })
}

/// Why a letter was not rendered, in one line for the manifest: every
/// error an invalid letter has (each with its line and column in the
/// incident file), else the error itself.
fn why(e: crate::Error) -> String {
    match e {
        crate::Error::Invalid { diagnostics, .. } => diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| match d.pos {
                Some(p) => format!("{}:{}: {}", p.line, p.column, d.message),
                None => d.message.clone(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// One customer's letter, rendered: its manifest line so far, what it
/// warned of, and the files to write (none when it could not be rendered).
struct Rendered {
    line: Line,
    summary: Summary,
    outputs: Vec<crate::write::Output>,
    is_final: bool,
}

impl Rendered {
    /// A customer whose row could not be read again: not rendered, and why.
    fn unread(id: &str, error: String) -> Rendered {
        Rendered {
            line: Line {
                customer: id.to_owned(),
                error: Some(error),
                ..Line::default()
            },
            summary: Summary::default(),
            outputs: Vec::new(),
            is_final: false,
        }
    }
}

/// Renders one customer's letter (not yet written).
fn render(
    batch: &Batch,
    entry: &customers::Entry,
    templates: &Templates,
    options: &Options,
    shared: &crate::Shared<'_>,
) -> Rendered {
    let id = customer::customer_id(entry);
    let mut done = Rendered {
        line: Line {
            customer: id.clone(),
            name: entry
                .cells
                .get("name")
                .map(|c| c.text.trim().to_owned())
                .unwrap_or_default(),
            ..Line::default()
        },
        summary: Summary::default(),
        outputs: Vec::new(),
        is_final: false,
    };
    let rendered = customer::customer_report(
        entry,
        &batch.report,
        &batch.translations,
        &batch.terms,
        templates,
    )
    .map_err(|d| {
        d.into_iter()
            .map(|d| d.message)
            .collect::<Vec<_>>()
            .join("; ")
    })
    .and_then(|report| {
        // Approvals are judged letter by letter, as for a single report:
        // a final letter must be the one its reviewers approved.
        crate::render_validated_using(
            crate::Validated {
                source: &batch.source,
                file: batch.edition(&report.meta.language).0,
                report,
            },
            templates,
            options.pdf,
            crate::Audience::Customer,
            crate::review::Thresholds::default(),
            true,
            shared,
        )
        .map_err(why)
    });
    let rendered = match rendered {
        Ok(r) => r,
        Err(message) => {
            done.line.error = Some(message);
            return done;
        }
    };
    for w in &rendered.warnings {
        done.summary.add(format!("warning: {}", w.message), &id);
    }
    for f in &rendered.findings {
        done.summary.add(format!("lint: {}", f.rule), &id);
    }
    let line = &mut done.line;
    let report_id = rendered.report.meta.id.clone();
    line.report_id.clone_from(&report_id);
    line.language.clone_from(&rendered.report.meta.language);
    let compensation = &rendered.figures.compensation;
    if let Some(contract) = &compensation.contract {
        line.currency.clone_from(&contract.currency);
        // Amounts carry the currency's minor units, so `0` reads `0.00`.
        let scaled = |mut d: rust_decimal::Decimal| {
            d.rescale(contract.minor_units);
            d
        };
        line.credit = Some(scaled(contract.credit));
        line.goodwill = compensation.goodwill.amount.map(scaled);
        line.total = compensation.total.map(scaled);
    }
    let mut add = |ext: &str, bytes: Vec<u8>| {
        done.outputs.push(crate::write::Output {
            name: format!("{report_id}.{ext}"),
            bytes,
        });
    };
    if options.markdown {
        add("md", rendered.markdown.into_bytes());
    }
    if options.json {
        add("json", rendered.json.into_bytes());
    }
    if let Some(pdf) = rendered.pdf {
        add("pdf", pdf);
    }
    done.is_final = rendered.report.meta.status == crate::check::Status::Final;
    done
}

/// Writes a rendered letter; its manifest line and what it warned of.
fn write(done: Rendered, folder: &crate::write::Folder, options: &Options) -> (Line, Summary) {
    let Rendered {
        mut line,
        summary,
        outputs,
        is_final,
    } = done;
    if line.error.is_some() {
        return (line, summary);
    }
    // The write stage's own guard: a final letter on disk that would
    // change is not replaced without --force, and no letter replaces an input.
    let set = crate::write::ReportSet {
        stem: &line.report_id,
        outputs: &outputs,
        is_final,
        private: false,
        inputs: &options.inputs,
    };
    match folder.publish(&set, options.force) {
        Ok(_) => {
            line.files = outputs.into_iter().map(|o| o.name).collect();
            line.written = true;
        }
        Err(e) => line.error = Some(e.to_string()),
    }
    (line, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_every_customer_once() {
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("1-3".parse::<Shard>().is_err());
        let shards: Vec<Shard> = (1..=3).map(|i| format!("{i}/3").parse().unwrap()).collect();
        for position in 0..100 {
            assert_eq!(shards.iter().filter(|s| s.holds(position)).count(), 1);
        }
        assert_eq!(shards[1].to_string(), "2/3");
    }
}
