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
pub mod read;
pub mod render;
pub mod review;
pub mod write;

use diag::Diagnostic;
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
    load(source, settings).map(|(_, report)| report)
}

/// Reads and validates a source, keeping the file (with positions) too.
fn load(
    source: &Source,
    settings: check::Settings,
) -> Result<(read::IncidentFile, check::Report), Error> {
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
    let report = check::validate(&file, settings).map_err(invalid)?;
    Ok((file, report))
}

/// The recovery outlook of a source, for the account manager.
pub fn assess(
    source: &Source,
    settings: check::Settings,
) -> Result<review::outlook::Assessment, Error> {
    let report = check(source, settings)?;
    let figures = figures::compute(&report)?;
    Ok(review::outlook::assess(&report, &figures, report.meta.date))
}

/// Reviews a source: read, check, figures, then the review's rules.
pub fn lint(
    source: &Source,
    settings: check::Settings,
    templates: &Templates,
    limits: review::Thresholds,
) -> Result<(check::Report, Vec<review::Finding>), Error> {
    let (file, report) = load(source, settings)?;
    let figures = figures::compute(&report)?;
    let findings = findings(&file, &report, &figures, templates, limits)?;
    Ok((report, findings))
}

fn findings(
    file: &read::IncidentFile,
    report: &check::Report,
    figures: &figures::Figures,
    templates: &Templates,
    limits: review::Thresholds,
) -> Result<Vec<review::Finding>, Error> {
    // Without word lists for the language, the English ones still catch
    // the rules that do not depend on words.
    let words = match templates
        .words(&report.meta.language)
        .or_else(|| templates.words("en"))
    {
        Some(w) => w?,
        None => return Ok(Vec::new()),
    };
    Ok(review::review(file, report, figures, &words, limits))
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
    let (file, report) = load(source, settings)?;
    render_report(&file, report, templates, pdf, audience)
}

/// The stages after check for a report validated from `file` (for a batch,
/// the incident's report with one customer's fields substituted):
/// figures -> review -> render.
pub fn render_report(
    file: &read::IncidentFile,
    report: check::Report,
    templates: &Templates,
    pdf: Option<render::pdf::PdfOptions>,
    audience: Audience,
) -> Result<Rendered, Error> {
    let figures = figures::compute(&report)?;
    let findings = findings(
        file,
        &report,
        &figures,
        templates,
        review::Thresholds::default(),
    )?;
    let internal = (audience == Audience::Internal).then(|| render::view::Internal {
        assessment: review::outlook::assess(&report, &figures, report.meta.date),
        findings: findings.clone(),
    });
    let markdown = render::markdown(&report, &figures, templates, internal.as_ref())?;
    let mut warnings = report.warnings.clone();
    warnings.extend(markdown.warnings);
    let pdf = match pdf {
        Some(options) => {
            let typeset = render::pdf::typeset(&markdown.text, options)?;
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
    let json = render::json::render(&report, &figures, &warnings, &findings);
    Ok(Rendered {
        report,
        figures,
        markdown: markdown.text,
        json,
        pdf,
        warnings,
        findings,
    })
}
