//! amends: an incident file in, a remediation report out.
//!
//! The pipeline, one module a stage, data flowing one way:
//! [`read`] (YAML -> input model with positions) -> [`check`] (-> validated
//! [`check::Report`]) -> [`figures`] (durations, downtime, credits) ->
//! [`render`] (Markdown, JSON) -> [`write`] (atomic files). [`cli`] drives it;
//! [`report`] runs the first four stages for a program that wants the results.
//! [`import`] stands before the pipeline: an incident platform's export -> the
//! text of an incident file for a person to finish.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod batch;
pub mod check;
pub mod cli;
pub mod diag;
pub mod figures;
pub mod import;
mod letterhead;
pub mod read;
pub mod render;
pub mod review;
pub mod write;

use diag::Diagnostic;
use letterhead::letterhead;
pub use letterhead::{SharedLetterhead, read_logo_file};
use read::{ReadError, Source};
use render::{TemplateError, Templates};

/// A report rendered from one incident file.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The validated report.
    pub report: check::Report,
    /// Its figures.
    pub figures: figures::Figures,
    /// The customer-facing Markdown.
    pub markdown: String,
    /// The JSON for machines.
    pub json: String,
    /// The typeset PDF, when asked for.
    pub pdf: Option<Vec<u8>>,
    /// Every warning, from checking and rendering.
    pub warnings: Vec<Diagnostic>,
    /// What the review found in the letter.
    pub findings: Vec<review::Finding>,
    /// The letter's fingerprint, for a reviewer's approval (docs/review.md).
    pub fingerprint: String,
}

/// Why a file did not become a report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read or parsed.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The file was read but breaks the format's rules.
    #[error("{name}: {} problem(s) in the incident file", diagnostics.iter().filter(|d| d.is_error()).count())]
    Invalid {
        /// The path as given.
        name: String,
        /// The file's text, for snippets.
        text: String,
        /// Every error and warning.
        diagnostics: Vec<Diagnostic>,
    },
    /// A template or language file failed.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// Typesetting failed.
    #[error(transparent)]
    Pdf(#[from] render::pdf::PdfError),
    /// A figure overflowed.
    #[error(transparent)]
    Figures(#[from] figures::Overflow),
    /// An output could not be written.
    #[error(transparent)]
    Write(#[from] write::WriteError),
}

/// Reads and validates a source: the first two stages.
pub fn check(source: &Source, settings: check::Settings) -> Result<check::Report, Error> {
    load(source, settings, check::language::BUILTIN).map(|(_, report)| report)
}

/// Reads and validates a source, keeping the file (with positions) too.
fn load(
    source: &Source,
    settings: check::Settings,
    wording: &[&str],
) -> Result<(read::IncidentFile, check::Report), Error> {
    load_editions(source, settings, wording).map(|(file, report, _)| (file, report))
}

/// [`load`], with the file's translations (`translations:`), each checked
/// as a batch checks it: a broken translation fails every command, not
/// only the batch that would have used it.
fn load_editions(
    source: &Source,
    settings: check::Settings,
    wording: &[&str],
) -> Result<
    (
        read::IncidentFile,
        check::Report,
        std::collections::BTreeMap<String, check::translation::Edition>,
    ),
    Error,
> {
    let invalid = |diagnostics| Error::Invalid {
        name: source.name.clone(),
        text: source.text.clone(),
        diagnostics,
    };
    let file = match read::parse_all(source) {
        Ok(file) => file,
        Err((stand_in, mut diagnostics)) => {
            // Run the semantic rules on the stand-in too, so that one run
            // shows every problem; keep only what they find at places the
            // shape problems did not already cover.
            if let Some(file) = stand_in
                && let Err(more) = check::validate(&file, settings)
            {
                let covered: std::collections::BTreeSet<_> =
                    diagnostics.iter().map(|d| d.pos).collect();
                diagnostics.extend(
                    more.into_iter()
                        .filter(|d| d.pos.is_some() && !covered.contains(&d.pos)),
                );
            }
            diag::sort(&mut diagnostics);
            return Err(invalid(diagnostics));
        }
    };
    let mut report = check::validate(&file, settings).map_err(invalid)?;
    let editions =
        check::translation::editions(source, &file, settings, wording).map_err(invalid)?;
    if file.customers.is_none()
        && let Some(t) = &file.translations
    {
        report
            .warnings
            .push(single_letter_translations(&report, read::pos(t)));
        diag::sort(&mut report.warnings);
    }
    Ok((file, report, editions))
}

/// A file without customers is one letter, written in `report.language`
/// from the incident's own texts: its translations are read (and checked)
/// but used only when the file is rendered with customers.
fn single_letter_translations(report: &check::Report, at: Option<diag::Pos>) -> Diagnostic {
    Diagnostic::warning(
        at,
        format!(
            "`translations`: unused in this file's single letter, which is written in `{}` from the incident's own texts; \
             translations are used only for customers in their languages (`customers:` or --customers, docs/batch.md)",
            report.meta.language
        ),
    )
}

/// Reads and validates a source, and checks that its language has wording
/// among `templates` (the error stands on `report.language`).
pub fn check_with(
    source: &Source,
    settings: check::Settings,
    templates: &Templates,
) -> Result<check::Report, Error> {
    let wording: Vec<&str> = templates.languages().collect();
    let (file, report) = load(source, settings, &wording)?;
    resolve_language(source, &file, templates)?;
    Ok(report)
}

/// The letter's language: the key of the wording (and word lists) its
/// `report.language` uses among `templates`, or an error naming the
/// languages there are and how to add one. No fallback to English.
pub fn resolve_language(
    source: &Source,
    file: &read::IncidentFile,
    templates: &Templates,
) -> Result<String, Error> {
    let available: Vec<&str> = templates.languages().collect();
    check::language::resolve(file, &available)
        .map(str::to_owned)
        .map_err(|d| Error::Invalid {
            name: source.name.clone(),
            text: source.text.clone(),
            diagnostics: vec![d],
        })
}

/// The recovery outlook of a source, for the account manager.
pub fn assess(
    source: &Source,
    settings: check::Settings,
) -> Result<review::outlook::Assessment, Error> {
    assess_with(
        source,
        settings,
        &Templates::builtin()?,
        review::Thresholds::default(),
    )
}

/// [`assess`] with the review's thresholds. Error-level findings of the
/// review count against "answered well", so the word lists are loaded too.
pub fn assess_with(
    source: &Source,
    settings: check::Settings,
    templates: &Templates,
    limits: review::Thresholds,
) -> Result<review::outlook::Assessment, Error> {
    let wording: Vec<&str> = templates.languages().collect();
    let (file, report) = load(source, settings, &wording)?;
    if let Some(since) = report.customer.since
        && since > report.meta.date
    {
        let at = file
            .customer
            .value
            .customer_since
            .as_ref()
            .and_then(read::pos);
        return Err(Error::Invalid {
            name: source.name.clone(),
            text: source.text.clone(),
            diagnostics: vec![Diagnostic::error(
                at,
                format!(
                    "`customer_since` is {since}, after the report's date {}; expected the date the relationship began",
                    report.meta.date
                ),
            )],
        });
    }
    let figures = figures::compute(&report)?;
    let findings = findings(source, &file, &report, &figures, templates, limits)?;
    Ok(review::outlook::assess(
        &report,
        &figures,
        &findings,
        limits,
        report.meta.date,
    ))
}

/// Reviews a source: read, check, figures, then the review's rules.
pub fn lint(
    source: &Source,
    settings: check::Settings,
    templates: &Templates,
    limits: review::Thresholds,
) -> Result<(check::Report, Vec<review::Finding>), Error> {
    let wording: Vec<&str> = templates.languages().collect();
    let (file, report, editions) = load_editions(source, settings, &wording)?;
    let figures = figures::compute(&report)?;
    let mut findings = findings(source, &file, &report, &figures, templates, limits)?;
    for (language, edition) in &editions {
        findings.extend(translation_findings(
            source, &file, language, edition, templates, limits,
        )?);
    }
    Ok((report, findings))
}

/// The review's findings for a file, with the word lists of the letter's
/// language. A language without word lists is an error: checking a Czech
/// letter with English words would pass it silently.
pub fn findings(
    source: &Source,
    file: &read::IncidentFile,
    report: &check::Report,
    figures: &figures::Figures,
    templates: &Templates,
    limits: review::Thresholds,
) -> Result<Vec<review::Finding>, Error> {
    findings_using(
        &Shared::default(),
        source,
        file,
        report,
        figures,
        templates,
        limits,
    )
}

/// [`findings`] with what a batch prepared once: the review of each
/// edition's texts, when `shared` has a review cache.
fn findings_using(
    shared: &Shared<'_>,
    source: &Source,
    file: &read::IncidentFile,
    report: &check::Report,
    figures: &figures::Figures,
    templates: &Templates,
    limits: review::Thresholds,
) -> Result<Vec<review::Finding>, Error> {
    let words = match templates.words_shared(&report.meta.language) {
        Some(w) => w?,
        None => {
            let at = file.report.value.language.as_ref().and_then(read::pos);
            let builtin: Vec<&str> = render::templates::BUILTIN
                .iter()
                .filter_map(|(name, _)| name.strip_prefix("lint/")?.strip_suffix(".yaml"))
                .collect();
            let d = Diagnostic::error(
                at,
                format!(
                    "the review has no word lists for language `{}`; built in: {}",
                    report.meta.language,
                    builtin.join(", ")
                ),
            )
            .with_hint("to add one, run `amends templates dump DIR`, copy DIR/lint/en.yaml to DIR/lint/<language>.yaml (and DIR/lang/en.yaml to DIR/lang/<language>.yaml), translate it, and pass --templates DIR");
            return Err(Error::Invalid {
                name: source.name.clone(),
                text: source.text.clone(),
                diagnostics: vec![d],
            });
        }
    };
    Ok(match shared.review {
        Some(cache) => {
            review::review_cached(cache, file, &source.text, report, figures, &words, limits)
        }
        None => review::review(file, &source.text, report, figures, &words, limits),
    })
}

/// The review's findings on the translation into `language`, with that
/// language's word lists: only those placed inside `translations:` (the
/// rest are the incident's, already found in its own language).
fn translation_findings(
    source: &Source,
    file: &read::IncidentFile,
    language: &str,
    edition: &check::translation::Edition,
    templates: &Templates,
    limits: review::Thresholds,
) -> Result<Vec<review::Finding>, Error> {
    let Some(section) = translations_lines(source, file) else {
        return Ok(Vec::new());
    };
    // The translation's words are judged with its own language's lists.
    let mut report = edition.report.clone();
    report.meta.language = language.to_owned();
    let figures = figures::compute(&report)?;
    let found = findings(source, &edition.file, &report, &figures, templates, limits)?;
    Ok(found
        .into_iter()
        .filter(|f| f.pos.is_some_and(|p| section.contains(&p.line)))
        .collect())
}

/// The lines of the `translations:` section: from its key to the line
/// before the next top-level key (top-level keys start at column 1).
fn translations_lines(
    source: &Source,
    file: &read::IncidentFile,
) -> Option<std::ops::RangeInclusive<u64>> {
    let start = file.translations.as_ref().and_then(read::pos)?.line;
    let end = source
        .text
        .lines()
        .enumerate()
        .skip(usize::try_from(start).ok()?)
        .find(|(_, line)| line.starts_with(|c: char| !c.is_whitespace() && c != '#'))
        // 0-based index of the next key = 1-based line of the section's last.
        .map_or(u64::MAX, |(index, _)| index as u64);
    Some(start..=end)
}

/// Who a rendered report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    /// The letter the customer receives.
    #[default]
    Customer,
    /// The provider's own copy: internal events, the recovery outlook and
    /// the review's findings too.
    Internal,
}

/// Runs read -> check -> figures -> review -> render for one source; the PDF
/// is typeset from the Markdown when `pdf` gives its options.
pub fn report(
    source: &Source,
    settings: check::Settings,
    templates: &Templates,
    pdf: Option<render::pdf::PdfOptions>,
) -> Result<Rendered, Error> {
    report_for(source, settings, templates, pdf, Audience::Customer)
}

/// [`report`] for a chosen audience.
pub fn report_for(
    source: &Source,
    settings: check::Settings,
    templates: &Templates,
    pdf: Option<render::pdf::PdfOptions>,
    audience: Audience,
) -> Result<Rendered, Error> {
    report_with(
        source,
        settings,
        templates,
        pdf,
        audience,
        review::Thresholds::default(),
    )
}

/// [`report_for`] with the review's thresholds (as `lint` and `assess` use them).
pub fn report_with(
    source: &Source,
    settings: check::Settings,
    templates: &Templates,
    pdf: Option<render::pdf::PdfOptions>,
    audience: Audience,
    limits: review::Thresholds,
) -> Result<Rendered, Error> {
    render_report(source, settings, templates, pdf, audience, limits, true)
}

/// The customer letter of a draft, to compare it with another (`amends
/// diff`): rendered like [`report`], except that a `final` report is not
/// held to its approvals, so a letter changed after approval can be shown.
pub fn letter(
    source: &Source,
    settings: check::Settings,
    templates: &Templates,
) -> Result<Rendered, Error> {
    render_report(
        source,
        settings,
        templates,
        None,
        Audience::Customer,
        review::Thresholds::default(),
        false,
    )
}

/// read -> check -> figures -> review -> render; with `approvals`, a final
/// report that breaks the approval rules (review::approval) is refused.
fn render_report(
    source: &Source,
    settings: check::Settings,
    templates: &Templates,
    pdf: Option<render::pdf::PdfOptions>,
    audience: Audience,
    limits: review::Thresholds,
    approvals: bool,
) -> Result<Rendered, Error> {
    let wording: Vec<&str> = templates.languages().collect();
    let (file, report) = load(source, settings, &wording)?;
    resolve_language(source, &file, templates)?;
    render_validated(
        Validated {
            source,
            file: &file,
            report,
        },
        templates,
        pdf,
        audience,
        limits,
        approvals,
    )
}

/// A report that passed check, with the file it came from.
pub struct Validated<'a> {
    /// The incident file's text, for names and positions.
    pub source: &'a Source,
    /// The file as read (the review reads its texts).
    pub file: &'a read::IncidentFile,
    /// The validated report (for a batch: the incident's report with one
    /// customer's fields substituted).
    pub report: check::Report,
}

/// The stages after check: figures -> review -> render; with `approvals`, a
/// final report that breaks the approval rules (review::approval) is refused.
pub fn render_validated(
    validated: Validated<'_>,
    templates: &Templates,
    pdf: Option<render::pdf::PdfOptions>,
    audience: Audience,
    limits: review::Thresholds,
    approvals: bool,
) -> Result<Rendered, Error> {
    render_validated_using(
        validated,
        templates,
        pdf,
        audience,
        limits,
        approvals,
        &Shared::default(),
    )
}

/// What a batch prepares once and lends to every letter's PDF.
#[derive(Debug, Default, Clone, Copy)]
pub struct Shared<'a> {
    /// Faces already loaded (a batch keeps one set per thread).
    pub fonts: Option<&'a render::pdf::fonts::Fonts>,
    /// The letterhead, its logo read and decoded once.
    pub letterhead: Option<&'a SharedLetterhead>,
    /// The review of each edition's texts (tokenised once per batch), done
    /// once per thread for the letters that share them.
    pub review: Option<&'a review::Cache<'a>>,
}

/// [`render_validated`] with what a batch prepared once ([`Shared`]).
pub fn render_validated_using(
    validated: Validated<'_>,
    templates: &Templates,
    pdf: Option<render::pdf::PdfOptions>,
    audience: Audience,
    limits: review::Thresholds,
    approvals: bool,
    shared: &Shared<'_>,
) -> Result<Rendered, Error> {
    let Validated {
        source,
        file,
        report,
    } = validated;
    let figures = figures::compute(&report)?;
    let findings = findings_using(shared, source, file, &report, &figures, templates, limits)?;
    let internal = (audience == Audience::Internal).then(|| render::view::Internal {
        assessment: review::outlook::assess(&report, &figures, &findings, limits, report.meta.date),
        findings: findings.clone(),
    });
    // One view for the letter and its final form (the fingerprint's).
    let prepared = render::prepare(&report, &figures, templates, internal.as_ref(), &limits)?;
    let mut letter = None;
    let fingerprint = match prepared.final_form()? {
        render::FinalForm::Rendered(text) => fingerprint_of(&text),
        render::FinalForm::TheLetter => {
            let text = letter.insert(prepared.letter()?);
            fingerprint_of(&text.text)
        }
        render::FinalForm::AnotherView => {
            letter_fingerprint(&report, &figures, templates, &limits)?
        }
    };
    let refusals = if approvals {
        review::approval::judge(&report, &fingerprint, &findings)
    } else {
        Vec::new()
    };
    if !refusals.is_empty() {
        let mut diagnostics = refusals;
        diag::sort(&mut diagnostics);
        return Err(Error::Invalid {
            name: source.name.clone(),
            text: source.text.clone(),
            diagnostics,
        });
    }
    let mut markdown = match letter {
        Some(letter) => letter,
        None => prepared.letter()?,
    };
    markdown.text = with_approvals(&markdown.text, &report, &fingerprint, internal.is_some());
    let mut warnings = report.warnings.clone();
    warnings.extend(markdown.warnings);
    let pdf = match pdf {
        Some(options) => {
            let own;
            let letterhead = match shared.letterhead.filter(|s| s.serves(&report)) {
                Some(s) => &s.letterhead,
                None => {
                    own = letterhead(source, &report)?;
                    &own
                }
            };
            let typeset = match shared.fonts {
                Some(fonts) => {
                    render::pdf::typeset_using(&markdown.text, options, letterhead, fonts)
                }
                None => render::pdf::typeset_with(&markdown.text, options, letterhead),
            }
            .map_err(|e| placed_in_source(e, source))?;
            warnings.extend(
                typeset
                    .warnings
                    .into_iter()
                    .map(|w| Diagnostic::warning(None, w)),
            );
            Some(typeset.bytes)
        }
        None => None,
    };
    let json = render::json::render(&report, &figures, &warnings, &findings, &fingerprint);
    Ok(Rendered {
        report,
        figures,
        markdown: markdown.text,
        json,
        pdf,
        warnings,
        findings,
        fingerprint,
    })
}

/// What changed in the customer letter of `source` since `approved`, a
/// letter amends rendered earlier: it is rendered again with the status and
/// revision `approved`'s header names, so only real changes show. A short
/// summary, for a message.
pub fn changes_since(
    source: &Source,
    settings: check::Settings,
    templates: &Templates,
    approved: &str,
) -> Result<String, Error> {
    let wording: Vec<&str> = templates.languages().collect();
    let (_, mut report) = load(source, settings, &wording)?;
    let figures = figures::compute(&report)?;
    let (meta, _) = render::header::split_meta(approved);
    report.meta.status = match meta.effective_status() {
        "review" => check::Status::Review,
        "final" => check::Status::Final,
        _ => check::Status::Draft,
    };
    report.meta.revision = meta.revision.and_then(|r| r.parse().ok());
    let now = render::markdown(
        &report,
        &figures,
        templates,
        None,
        &review::Thresholds::default(),
    )?;
    let (marked, counts) = review::redline::redline(approved, &now.text);
    Ok(review::redline::describe(&marked, counts, 3))
}

/// The fingerprint of the customer letter as it reads once final
/// (review::approval explains why the final form).
fn letter_fingerprint(
    report: &check::Report,
    figures: &figures::Figures,
    templates: &Templates,
    limits: &review::Thresholds,
) -> Result<String, Error> {
    let mut as_final = report.clone();
    as_final.meta.status = check::Status::Final;
    let letter = render::markdown(&as_final, figures, templates, None, limits)?;
    Ok(fingerprint_of(&letter.text))
}

/// The fingerprint of a letter's final form: of its text below the header.
fn fingerprint_of(final_form: &str) -> String {
    review::approval::fingerprint(render::header::split_meta(final_form).1)
}

/// The Markdown with the fingerprint in its header, and for the internal
/// copy every approval (who, role, when, which letter).
fn with_approvals(
    markdown: &str,
    report: &check::Report,
    fingerprint: &str,
    internal: bool,
) -> String {
    let (mut meta, body) = render::header::split_meta(markdown);
    meta.fingerprint = Some(fingerprint.to_owned());
    if internal {
        meta.approvals = report
            .meta
            .reviewers
            .iter()
            .map(|rv| {
                format!(
                    "{} | {} | {} | {}",
                    rv.name,
                    rv.role.as_deref().unwrap_or(""),
                    match (rv.approved, rv.approved_at) {
                        (false, _) => "not approved".to_owned(),
                        (true, Some(date)) => date.to_string(),
                        (true, None) => "approved, undated".to_owned(),
                    },
                    rv.fingerprint.as_deref().unwrap_or("")
                )
            })
            .collect();
    }
    format!("{}{body}", render::header::write(&meta))
}

/// A typesetting refusal that names characters of the incident file (right-to-left
/// text) is placed at the first of them in the file, as FILE:LINE:COL.
fn placed_in_source(err: render::pdf::PdfError, source: &Source) -> Error {
    let render::pdf::PdfError::RightToLeft(rtl) = &err else {
        return Error::Pdf(err);
    };
    let at = source.text.lines().enumerate().find_map(|(i, line)| {
        line.chars()
            .position(|c| rtl.chars.contains(&c))
            .map(|column| diag::Pos {
                line: i as u64 + 1,
                column: column as u64 + 1,
            })
    });
    Error::Invalid {
        name: source.name.clone(),
        text: source.text.clone(),
        diagnostics: vec![
            Diagnostic::error(at, err.to_string())
                .with_hint("Markdown and JSON can carry it: render them with `--format md,json`"),
        ],
    }
}
