//! Templates: the built-in report templates and language files, with the
//! user's own files from `--templates DIR` taking their place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Tera;

use super::wording::Wording;

/// The built-in files, listed once: name (as under templates/) and content.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "report.md.tera",
        include_str!("../../templates/report.md.tera"),
    ),
    (
        "partials/header.md.tera",
        include_str!("../../templates/partials/header.md.tera"),
    ),
    (
        "partials/summary.md.tera",
        include_str!("../../templates/partials/summary.md.tera"),
    ),
    (
        "partials/impact.md.tera",
        include_str!("../../templates/partials/impact.md.tera"),
    ),
    (
        "partials/timeline.md.tera",
        include_str!("../../templates/partials/timeline.md.tera"),
    ),
    (
        "partials/root_cause.md.tera",
        include_str!("../../templates/partials/root_cause.md.tera"),
    ),
    (
        "partials/actions.md.tera",
        include_str!("../../templates/partials/actions.md.tera"),
    ),
    (
        "partials/compensation.md.tera",
        include_str!("../../templates/partials/compensation.md.tera"),
    ),
    (
        "partials/closing.md.tera",
        include_str!("../../templates/partials/closing.md.tera"),
    ),
    (
        "partials/internal.md.tera",
        include_str!("../../templates/partials/internal.md.tera"),
    ),
    ("lang/en.yaml", include_str!("../../templates/lang/en.yaml")),
    ("lang/cs.yaml", include_str!("../../templates/lang/cs.yaml")),
    ("lang/vi.yaml", include_str!("../../templates/lang/vi.yaml")),
    ("lint/en.yaml", include_str!("../../templates/lint/en.yaml")),
    ("lint/cs.yaml", include_str!("../../templates/lint/cs.yaml")),
    ("lint/vi.yaml", include_str!("../../templates/lint/vi.yaml")),
];

/// The template the report starts from.
pub const REPORT: &str = "report.md.tera";

/// Largest template or language file read from a user's folder.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// A template or language file could not be loaded or used.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// Reading the user's folder failed.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A template has a syntax error, or failed while rendering.
    #[error("template error: {0}")]
    Tera(String),
    /// A language file is malformed.
    #[error("language file {name}: {message}")]
    Language {
        /// e.g. `lang/cs.yaml`.
        name: String,
        /// What is wrong, with line and column.
        message: String,
    },
    /// A file in the folder is too large to be a template.
    #[error("{}: more than {MAX_TEMPLATE_BYTES} bytes is too large for a template", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
    },
    /// An entry in the folder is a link or not a regular file.
    #[error("{}: is a link or not a regular file; --templates reads only regular files inside the folder (copy the file in instead of linking it)", path.display())]
    NotRegular {
        /// The entry.
        path: PathBuf,
    },
}

/// Compiled templates and the language files.
#[derive(Clone)]
pub struct Templates {
    tera: Arc<Tera>,
    /// Set when a render ran out of time: its thread cannot be stopped, so no
    /// other render starts beside it.
    ran_away: Arc<std::sync::atomic::AtomicBool>,
    languages: BTreeMap<String, String>,
    word_lists: BTreeMap<String, String>,
    /// Only the built-in templates: ours, so they cannot loop away, and
    /// they are rendered on the caller's thread, without a watchdog.
    builtin_only: bool,
    /// Wording and word lists parsed once per language and shared between
    /// letters and threads (a batch renders thousands in a few languages).
    parsed: Arc<Parsed>,
}

/// What [`Templates::wording_shared`] and [`Templates::words_shared`] parsed, by file code.
#[derive(Default)]
struct Parsed {
    wording: std::sync::Mutex<BTreeMap<String, Arc<Wording>>>,
    words: std::sync::Mutex<BTreeMap<String, Arc<crate::review::Words>>>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("languages", &self.languages.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Result<Templates, TemplateError> {
        let mut templates = Self::from_files(
            BUILTIN
                .iter()
                .map(|(n, c)| ((*n).to_owned(), (*c).to_owned()))
                .collect(),
        )?;
        templates.builtin_only = true;
        Ok(templates)
    }

    /// The built-ins, with every file in `dir` replacing (or adding to) them.
    pub fn with_overrides(dir: &Path) -> Result<Templates, TemplateError> {
        let mut files: BTreeMap<String, String> = BUILTIN
            .iter()
            .map(|(n, c)| ((*n).to_owned(), (*c).to_owned()))
            .collect();
        let mut found = Vec::new();
        collect(dir, dir, &mut found, 0)?;
        for (name, path) in found {
            let text = read_regular(&path)?;
            files.insert(name, text);
        }
        Self::from_files(files)
    }

    fn from_files(files: BTreeMap<String, String>) -> Result<Templates, TemplateError> {
        let mut tera = Tera::default();
        // Markdown is not HTML: nothing is escaped.
        tera.autoescape_on(Vec::<&str>::new());
        let (templates, rest): (Vec<_>, Vec<_>) =
            files.into_iter().partition(|(n, _)| n.ends_with(".tera"));
        tera.add_raw_templates(templates.iter().map(|(n, c)| (n.as_str(), c.as_str())))
            .map_err(|e| TemplateError::Tera(e.to_string()))?;
        let in_folder = |folder: &str| -> BTreeMap<String, String> {
            rest.iter()
                .filter_map(|(name, text)| {
                    let code = name
                        .strip_prefix(folder)?
                        .strip_suffix(".yaml")?
                        .to_ascii_lowercase();
                    Some((code, text.clone()))
                })
                .collect()
        };
        let languages = in_folder("lang/");
        let word_lists = in_folder("lint/");
        Ok(Templates {
            tera: Arc::new(tera),
            ran_away: Arc::default(),
            languages,
            word_lists,
            builtin_only: false,
            parsed: Arc::default(),
        })
    }

    /// The wording for a language tag: the tag itself, then its primary
    /// language (`cs-CZ` -> `cs`). `None` when neither exists.
    pub fn wording(&self, tag: &str) -> Option<Result<Wording, TemplateError>> {
        let (code, text) = by_language(&self.languages, tag)?;
        let error = |message| TemplateError::Language {
            name: format!("lang/{code}.yaml"),
            message,
        };
        let wording = match Wording::parse(text) {
            Ok(w) => w,
            Err(message) => return Some(Err(error(message))),
        };
        // Every outlook reason the built-in English file names must be
        // translated: the internal copy has no English fallback either.
        if let Some((_, english)) = BUILTIN.iter().find(|(n, _)| *n == "lang/en.yaml")
            && let Ok(english) = Wording::parse(english)
        {
            let missing: Vec<&str> = english
                .outlook_reasons
                .keys()
                .filter(|id| !wording.outlook_reasons.contains_key(*id))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                return Some(Err(error(format!(
                    "`outlook_reasons` lacks {}; copy them from lang/en.yaml and translate them",
                    missing.join(", ")
                ))));
            }
        }
        Some(Ok(wording))
    }

    /// [`Self::wording`], parsed once per language and shared.
    pub fn wording_shared(&self, tag: &str) -> Option<Result<Arc<Wording>, TemplateError>> {
        let (code, _) = by_language(&self.languages, tag)?;
        if let Some(w) = lock(&self.parsed.wording).get(code) {
            return Some(Ok(Arc::clone(w)));
        }
        let wording = match self.wording(tag)? {
            Ok(w) => Arc::new(w),
            Err(e) => return Some(Err(e)),
        };
        lock(&self.parsed.wording).insert(code.clone(), Arc::clone(&wording));
        Some(Ok(wording))
    }

    /// [`Self::words`], parsed once per language and shared.
    pub fn words_shared(
        &self,
        tag: &str,
    ) -> Option<Result<Arc<crate::review::Words>, TemplateError>> {
        let (code, _) = by_language(&self.word_lists, tag)?;
        if let Some(w) = lock(&self.parsed.words).get(code) {
            return Some(Ok(Arc::clone(w)));
        }
        let words = match self.words(tag)? {
            Ok(w) => Arc::new(w),
            Err(e) => return Some(Err(e)),
        };
        lock(&self.parsed.words).insert(code.clone(), Arc::clone(&words));
        Some(Ok(words))
    }

    /// The review's word lists for a language tag (then its primary language);
    /// `None` when there are none.
    pub fn words(&self, tag: &str) -> Option<Result<crate::review::Words, TemplateError>> {
        let (code, text) = by_language(&self.word_lists, tag)?;
        Some(
            crate::review::Words::parse(text).map_err(|message| TemplateError::Language {
                name: format!("lint/{code}.yaml"),
                message,
            }),
        )
    }

    /// The name of the word-list file used for a language tag
    /// (`lint/cs.yaml` for `cs-CZ`), when there is one.
    pub fn word_list_name(&self, tag: &str) -> Option<String> {
        by_language(&self.word_lists, tag).map(|(code, _)| format!("lint/{code}.yaml"))
    }

    /// The language codes that have wording.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.languages.keys().map(String::as_str)
    }

    /// Renders the report template with a context. The built-in templates
    /// render on the caller's thread. A runaway loop in a
    /// user's template cannot fill the memory (output beyond
    /// [`MAX_OUTPUT_BYTES`] stops it) or hang the run (after
    /// [`MAX_RENDER_TIME`] rendering is abandoned with an error; Tera cannot
    /// be interrupted, so in a long-lived program its thread runs on until
    /// the loop ends).
    pub fn render(&self, context: &tera::Context) -> Result<String, TemplateError> {
        use std::sync::atomic::Ordering;
        if self.ran_away.load(Ordering::SeqCst) {
            return Err(TemplateError::Tera(format!(
                "not rendered: the templates ran for more than {} seconds on an earlier file and are still running; check them for a runaway loop",
                MAX_RENDER_TIME.as_secs()
            )));
        }
        if self.builtin_only {
            let mut out = CappedWriter(Vec::new());
            return match self.tera.render_to(REPORT, context, &mut out) {
                Ok(()) => String::from_utf8(out.0)
                    .map_err(|_| TemplateError::Tera("the template produced invalid UTF-8".into())),
                Err(e) => Err(TemplateError::Tera(error_chain(&e))),
            };
        }
        let tera = Arc::clone(&self.tera);
        let context = context.clone();
        let (done, result) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("amends-template".into())
            .stack_size(8 * 1024 * 1024)
            .spawn(move || {
                let mut out = CappedWriter(Vec::new());
                let rendered = tera.render_to(REPORT, &context, &mut out).map(|()| out.0);
                let _ = done.send(rendered);
            })
            .map_err(|e| TemplateError::Tera(format!("cannot start rendering: {e}")))?;
        match result.recv_timeout(MAX_RENDER_TIME) {
            Ok(Ok(bytes)) => String::from_utf8(bytes)
                .map_err(|_| TemplateError::Tera("the template produced invalid UTF-8".into())),
            Ok(Err(e)) => Err(TemplateError::Tera(error_chain(&e))),
            Err(_) => {
                self.ran_away.store(true, Ordering::SeqCst);
                Err(TemplateError::Tera(format!(
                    "the template ran for more than {} seconds; check it for a runaway loop",
                    MAX_RENDER_TIME.as_secs()
                )))
            }
        }
    }
}

/// A cache's map; a thread that panicked while holding it left a whole
/// map behind (entries are inserted whole), so it is used as it is.
fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The file for a language tag, else for its primary language (`cs-CZ` -> `cs`).
fn by_language<'a>(
    files: &'a BTreeMap<String, String>,
    tag: &str,
) -> Option<(&'a String, &'a String)> {
    let codes: Vec<&str> = files.keys().map(String::as_str).collect();
    let code = crate::check::language::wording_key(tag, &codes)?;
    files.get_key_value(code)
}

/// Longest a template may take: real ones take milliseconds.
pub const MAX_RENDER_TIME: std::time::Duration = std::time::Duration::from_secs(5);

/// Largest report a template may produce: far beyond any letter.
pub const MAX_OUTPUT_BYTES: usize = 16 * 1024 * 1024;

/// A buffer that refuses to grow beyond [`MAX_OUTPUT_BYTES`].
struct CappedWriter(Vec<u8>);

impl std::io::Write for CappedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_OUTPUT_BYTES {
            return Err(std::io::Error::other(format!(
                "the template produced more than {} MiB; check it for a runaway loop",
                MAX_OUTPUT_BYTES / (1024 * 1024)
            )));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Tera's message and its causes, one per line.
fn error_chain(err: &tera::Error) -> String {
    let text = err.to_string();
    let mut message = text.strip_prefix("error: ").unwrap_or(&text).to_owned();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str("\ncaused by: ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// Reads a template file that must be a regular file (not a link), reading
/// at most [`MAX_TEMPLATE_BYTES`] + 1 bytes whatever size it reports.
fn read_regular(path: &Path) -> Result<String, TemplateError> {
    use std::io::Read as _;
    let io = |source| TemplateError::Io {
        path: path.to_owned(),
        source,
    };
    let before = std::fs::symlink_metadata(path).map_err(io)?;
    if !before.file_type().is_file() {
        return Err(TemplateError::NotRegular {
            path: path.to_owned(),
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // The file opened must still be the regular file checked above.
    if !file.metadata().map_err(io)?.file_type().is_file() {
        return Err(TemplateError::NotRegular {
            path: path.to_owned(),
        });
    }
    let mut bytes = Vec::new();
    file.take(MAX_TEMPLATE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
        return Err(TemplateError::TooLarge {
            path: path.to_owned(),
        });
    }
    String::from_utf8(bytes).map_err(|_| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not valid UTF-8",
        ))
    })
}

/// Every template (`.tera`) and language (`.yaml`) file below `dir`, named
/// relative to `root` with `/`. Links and other non-regular entries are
/// refused, not followed: a template must not reach outside the folder.
fn collect(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, PathBuf)>,
    depth: u32,
) -> Result<(), TemplateError> {
    let io = |source| TemplateError::Io {
        path: dir.to_owned(),
        source,
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        // symlink_metadata: a link is seen as a link, never as its target.
        let kind = std::fs::symlink_metadata(&path).map_err(io)?.file_type();
        if kind.is_symlink() {
            return Err(TemplateError::NotRegular { path });
        }
        if kind.is_dir() {
            if depth < 4 {
                collect(root, &path, out, depth + 1)?;
            }
            continue;
        }
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        let name: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = name.join("/");
        if !(name.ends_with(".tera") || name.ends_with(".yaml")) {
            continue;
        }
        if !kind.is_file() {
            return Err(TemplateError::NotRegular { path });
        }
        out.push((name, path));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_template_and_language_parses() {
        let templates = Templates::builtin().unwrap();
        for code in crate::check::language::BUILTIN {
            templates.wording(code).unwrap().unwrap();
        }
        assert!(templates.wording("cs-CZ").is_some());
        assert!(templates.wording("vi-VN").is_some());
        assert!(templates.wording("de").is_none());
        let languages: Vec<&str> = templates.languages().collect();
        assert_eq!(languages, crate::check::language::BUILTIN);
        templates.words("en").unwrap().unwrap();
        templates.words("cs").unwrap().unwrap();
    }

    /// Every reason the outlook can give has its id in the English file (so
    /// every language must translate it).
    #[test]
    fn every_outlook_reason_has_an_id_in_the_language_files() {
        use crate::check::Severity;
        let english = Templates::builtin()
            .unwrap()
            .wording("en")
            .unwrap()
            .unwrap();
        let source = crate::read::Source {
            name: "starter.yaml".into(),
            text: include_str!("../../samples/starter.yaml").into(),
        };
        let settings = crate::check::Settings {
            today: chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap(),
            provider: None,
        };
        let mut report = crate::check(&source, settings).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for severity in [Severity::Minor, Severity::Major, Severity::Critical] {
            for (repeat, ours) in [(true, true), (false, false)] {
                for since in [None, Some(2026), Some(2025), Some(2010)] {
                    report.incident.severity = severity;
                    report.incident.repeat_of = if repeat { vec!["X".into()] } else { vec![] };
                    report.incident.root_cause.within_our_control = ours;
                    report.customer.since =
                        since.and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 1, 1));
                    for status in [
                        crate::check::ActionStatus::Planned,
                        crate::check::ActionStatus::Done,
                    ] {
                        report.actions.iter_mut().for_each(|a| a.status = status);
                        let figures = crate::figures::compute(&report).unwrap();
                        let a = crate::review::outlook::assess(
                            &report,
                            &figures,
                            &[],
                            crate::review::Thresholds::default(),
                            settings.today,
                        );
                        seen.extend(a.reason_ids);
                    }
                }
            }
        }
        for id in &seen {
            assert!(english.outlook_reasons.contains_key(*id), "{id}");
        }
        assert!(seen.len() >= 12, "{seen:?}");
    }
}
