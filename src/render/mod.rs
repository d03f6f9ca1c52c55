//! Render: validated report + figures -> Markdown (through Tera templates) and JSON.

pub mod cldr;
pub mod format;
pub mod header;
pub mod json;
pub mod pdf;
pub mod templates;
pub mod view;
pub mod wording;

use crate::check::{Report, Status};
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
    prepare_with(report, figures, templates, internal, limits, false)?.letter()
}

/// A letter's view, made and converted for the templates once: the letter
/// is rendered from it, and so is the customer's letter as it reads once
/// final (for the fingerprint, review::approval), by changing only what the
/// status changes ([`view::Stated`]).
pub struct Prepared<'t> {
    templates: &'t Templates,
    context: tera::Context,
    header: header::Meta,
    final_form: Final,
}

/// How a prepared letter's final form is had.
enum Final {
    /// The letter is the customer's and final already: its own text.
    Letter,
    /// The letter's context and header with these changes.
    Changed {
        changes: Vec<(&'static str, tera::Value)>,
        header: Box<header::Meta>,
    },
    /// Not made from this view: the internal copy (the customer's letter
    /// is another view), or not asked for.
    NotHere,
}

/// The customer's letter as it reads once final, from a [`Prepared`] letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinalForm {
    /// Rendered from the letter's view with what the status changes.
    Rendered(String),
    /// The letter itself: it is the customer's, and final.
    TheLetter,
    /// Not made: the letter is the internal copy, and the customer's
    /// letter is another view (render it with [`markdown`], as final).
    AnotherView,
}

/// A value for the templates, as serialising it into a context makes it.
fn to_value<T: serde::Serialize + ?Sized>(value: &T) -> Result<tera::Value, TemplateError> {
    tera::Value::try_from_serializable(value).map_err(|e| TemplateError::Tera(e.to_string()))
}

/// Builds the view of [`markdown`] and converts it for the templates,
/// with what its final form changes, without rendering yet.
pub fn prepare<'t>(
    report: &Report,
    figures: &Figures,
    templates: &'t Templates,
    internal: Option<&view::Internal>,
    limits: &crate::review::Thresholds,
) -> Result<Prepared<'t>, TemplateError> {
    prepare_with(report, figures, templates, internal, limits, true)
}

/// [`prepare`]; the final form's changes only when `final_form` asks.
fn prepare_with<'t>(
    report: &Report,
    figures: &Figures,
    templates: &'t Templates,
    internal: Option<&view::Internal>,
    limits: &crate::review::Thresholds,
    final_form: bool,
) -> Result<Prepared<'t>, TemplateError> {
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
    let cldr = cldr_of(&locale_tag(tag, &wording)).map_err(|message| TemplateError::Language {
        name: format!("lang/{tag}.yaml"),
        message,
    })?;
    let view = view::build(report, figures, &wording, &cldr, internal, limits);
    let mut context =
        tera::Context::from_serialize(&view).map_err(|e| TemplateError::Tera(e.to_string()))?;
    context.insert_value(
        "t",
        wording
            .to_value()
            .map_err(|e| TemplateError::Tera(e.to_string()))?,
    );
    let final_form = match internal {
        _ if !final_form => Final::NotHere,
        Some(_) => Final::NotHere,
        None if report.meta.status == Status::Final => Final::Letter,
        None => {
            let stated = view::stated_final(report, &wording, &cldr);
            let pdf = view::PdfView {
                watermark: stated.watermark,
                ..view.pdf.clone()
            };
            let mut header = header_of(report, &pdf);
            header.status = Some(Status::Final.as_str().to_owned());
            Final::Changed {
                changes: vec![
                    ("status", to_value(stated.status)?),
                    ("byline", to_value(&stated.byline)?),
                    ("draft_notice", to_value(&stated.draft_notice)?),
                    ("pdf", to_value(&pdf)?),
                ],
                header: Box::new(header),
            }
        }
    };
    Ok(Prepared {
        templates,
        header: header_of(report, &view.pdf),
        context,
        final_form,
    })
}

impl Prepared<'_> {
    /// The letter.
    pub fn letter(&self) -> Result<Markdown, TemplateError> {
        Ok(Markdown {
            text: self.render(&self.context, &self.header)?,
            warnings: Vec::new(),
        })
    }

    /// The customer's letter as it reads once final.
    pub fn final_form(&self) -> Result<FinalForm, TemplateError> {
        match &self.final_form {
            Final::Letter => Ok(FinalForm::TheLetter),
            Final::NotHere => Ok(FinalForm::AnotherView),
            Final::Changed { changes, header } => {
                let mut context = self.context.clone();
                for (key, value) in changes {
                    context.insert_value(*key, value.clone());
                }
                self.render(&context, header).map(FinalForm::Rendered)
            }
        }
    }

    fn render(
        &self,
        context: &tera::Context,
        header: &header::Meta,
    ) -> Result<String, TemplateError> {
        let body = tidy(&self.templates.render(context)?);
        // Templates from before the header moved here may still write one: theirs is dropped.
        let body = header::split_meta(&body).1;
        Ok(format!("{}{body}", header::write(header)))
    }
}

/// Most locales whose formatters a thread keeps; when full, it empties them.
const MAX_LOCALES: usize = 8;

thread_local! {
    /// The CLDR formatters of the locales this thread rendered in, made once
    /// (a batch renders thousands of letters in a few locales; making them
    /// reads ICU4X's data again each time).
    static LOCALES: std::cell::RefCell<Vec<(String, std::rc::Rc<cldr::Cldr>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// [`cldr::Cldr::new`], kept per thread by locale tag.
fn cldr_of(locale: &str) -> Result<std::rc::Rc<cldr::Cldr>, String> {
    LOCALES.with(|kept| {
        let mut kept = kept.borrow_mut();
        if let Some((_, cldr)) = kept.iter().find(|(tag, _)| tag == locale) {
            return Ok(std::rc::Rc::clone(cldr));
        }
        let cldr = std::rc::Rc::new(cldr::Cldr::new(locale)?);
        if kept.len() >= MAX_LOCALES {
            kept.clear();
        }
        kept.push((locale.to_owned(), std::rc::Rc::clone(&cldr)));
        Ok(cldr)
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
    use super::*;
    use crate::check::Status;

    /// The final form made from the letter's view is the letter rendered
    /// final, header and all, in every language and status, with the
    /// built-in templates and with a template that shows the status its
    /// own way.
    #[test]
    fn the_final_form_is_the_letter_rendered_as_final() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("report.md.tera"),
            "{{ status }} | {{ byline }} | {% if draft_notice %}{{ draft_notice }}{% else %}none{% endif %} \
             | [{{ pdf.watermark }}] {{ pdf.title }}\n\n{% if status != \"final\" %}Not final yet.{% endif %}\n\n\
             {{ t.status_final }}: {{ summary }}\n",
        )
        .unwrap();
        let settings = crate::check::Settings {
            today: chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap(),
            provider: None,
        };
        let samples = [
            ("starter.yaml", include_str!("../../samples/starter.yaml")),
            (
                "critical-repeat-cs.yaml",
                include_str!("../../samples/critical-repeat-cs.yaml"),
            ),
            (
                "critical-vi.yaml",
                include_str!("../../samples/critical-vi.yaml"),
            ),
        ];
        let limits = crate::review::Thresholds::default();
        for templates in [
            Templates::builtin().unwrap(),
            Templates::with_overrides(dir.path()).unwrap(),
        ] {
            for (name, text) in samples {
                let source = crate::read::Source {
                    name: name.into(),
                    text: text.into(),
                };
                let mut report = crate::check(&source, settings).unwrap();
                let figures = crate::figures::compute(&report).unwrap();
                for status in [Status::Draft, Status::Review, Status::Final] {
                    for revision in [None, Some(3)] {
                        report.meta.status = status;
                        report.meta.revision = revision;
                        let mut as_final = report.clone();
                        as_final.meta.status = Status::Final;
                        let expected = markdown(&as_final, &figures, &templates, None, &limits)
                            .unwrap()
                            .text;
                        let prepared =
                            prepare(&report, &figures, &templates, None, &limits).unwrap();
                        let letter = prepared.letter().unwrap().text;
                        assert_eq!(
                            letter,
                            markdown(&report, &figures, &templates, None, &limits)
                                .unwrap()
                                .text
                        );
                        match prepared.final_form().unwrap() {
                            FinalForm::Rendered(text) => {
                                assert_ne!(status, Status::Final);
                                assert_ne!(text, letter, "{name}: the status shows");
                                assert_eq!(text, expected, "{name} {status:?} {revision:?}");
                            }
                            FinalForm::TheLetter => {
                                assert_eq!(status, Status::Final);
                                assert_eq!(letter, expected, "{name} {revision:?}");
                            }
                            FinalForm::AnotherView => panic!("the customer's letter is this view"),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn tidy_folds_blank_lines_but_not_inside_code() {
        let text = "# A\n\n\n\nb  \nc \n```\nx\n\n\ny\n```\n\n\n";
        assert_eq!(super::tidy(text), "# A\n\nb  \nc\n```\nx\n\n\ny\n```\n");
    }
}
