//! Render: validated report + figures -> Markdown (through Tera templates) and JSON.

pub mod cldr;
pub mod format;
pub mod header;
pub mod json;
pub mod pdf;
pub mod templates;
pub mod view;
pub mod wording;

use crate::check::Report;
use crate::diag::Diagnostic;
use crate::figures::Figures;
pub use templates::{TemplateError, Templates};

/// The rendered Markdown and any warnings rendering raised.
#[derive(Debug, Clone)]
pub struct Markdown {
    /// The customer-facing report.
    pub text: String,
    /// e.g. a language without wording.
    pub warnings: Vec<Diagnostic>,
}

/// Renders the report as Markdown in its language; a language without
/// wording is an error (never an English letter). `limits` are the review's
/// thresholds: a late notice or long silence beyond them is owned in words.
pub fn markdown(
    report: &Report,
    figures: &Figures,
    templates: &Templates,
    internal: Option<&view::Internal>,
    limits: &crate::review::Thresholds,
) -> Result<Markdown, TemplateError> {
    let tag = &report.meta.language;
    let wording = match templates.wording_shared(tag) {
        Some(w) => w?,
        None => {
            let known: Vec<&str> = templates.languages().collect();
            return Err(TemplateError::Language {
                name: format!("lang/{tag}.yaml"),
                message: format!(
                    "there is no wording for language `{tag}` (languages with wording: {}); \
                     add lang/<language>.yaml and lint/<language>.yaml with --templates",
                    known.join(", ")
                ),
            });
        }
    };
    let cldr =
        cldr::Cldr::new(&locale_tag(tag, &wording)).map_err(|message| TemplateError::Language {
            name: format!("lang/{tag}.yaml"),
            message,
        })?;
    let view = view::build(report, figures, &wording, &cldr, internal, limits);
    let context =
        tera::Context::from_serialize(&view).map_err(|e| TemplateError::Tera(e.to_string()))?;
    let body = tidy(&templates.render(&context)?);
    // Templates from before the header moved here may still write one: theirs is dropped.
    let body = header::split_meta(&body).1;
    let text = format!("{}{body}", header::write(&header_of(report, &view.pdf)));
    Ok(Markdown {
        text,
        warnings: Vec::new(),
    })
}

/// The CLDR locale for a report: its tag when the tag names a region
/// (`vi-VN`, `en-US`), else the language file's `locale` (`en` -> `en-GB`).
#[must_use]
pub fn locale_tag(tag: &str, wording: &wording::Wording) -> String {
    match &wording.locale {
        Some(locale) if !tag.contains('-') => locale.clone(),
        _ => tag.to_owned(),
    }
}

/// The Markdown header: the PDF's furniture and the report's status.
fn header_of(report: &Report, pdf: &view::PdfView) -> header::Meta {
    let some = |s: &String| Some(s.clone());
    header::Meta {
        title: some(&pdf.title),
        author: some(&pdf.author),
        subject: some(&pdf.subject),
        language: some(&pdf.language),
        date: some(&pdf.date),
        header_left: some(&pdf.header_left),
        header_right: some(&pdf.header_right),
        footer: some(&pdf.footer),
        watermark: some(&pdf.watermark).filter(|w| !w.is_empty()),
        status: Some(report.meta.status.as_str().to_owned()),
        revision: report.meta.revision.map(|r| r.to_string()),
        fingerprint: None,
        approvals: Vec::new(),
    }
}

/// Cleans template output: trailing spaces go (except Markdown hard breaks),
/// runs of blank lines outside code fences become one, and the file ends with
/// exactly one newline. Templates can then be written for legibility.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<&str> = None;
    let mut blank_run = 0;
    for line in text.lines() {
        let trimmed = line.trim_end();
        let marker = trimmed.trim_start();
        match fence {
            Some(open) if marker.starts_with(open) => fence = None,
            None if marker.starts_with("```") => fence = Some("```"),
            None if marker.starts_with("~~~") => fence = Some("~~~"),
            _ => {}
        }
        if trimmed.is_empty() && fence.is_none() {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(if line.ends_with("  ") && !trimmed.is_empty() {
            line
        } else {
            trimmed
        });
        out.push('\n');
    }
    let end = out.trim_end().len();
    out.truncate(end);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn tidy_folds_blank_lines_but_not_inside_code() {
        let text = "# A\n\n\n\nb  \nc \n```\nx\n\n\ny\n```\n\n\n";
        assert_eq!(super::tidy(text), "# A\n\nb  \nc\n```\nx\n\n\ny\n```\n");
    }
}
