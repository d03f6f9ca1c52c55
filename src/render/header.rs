//! The `<!-- amends … -->` comment that opens every Markdown report: what the
//! PDF needs beyond the text (title, header, footer, watermark) and what the
//! output folder needs to know about the report (its status). This module is
//! the only one that writes or reads it; Markdown viewers hide it.

/// The header's fields, one line each (`key: value`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Document title.
    pub title: Option<String>,
    /// Author (provider).
    pub author: Option<String>,
    /// Subject.
    pub subject: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// Date, YYYY-MM-DD.
    pub date: Option<String>,
    /// Header, left.
    pub header_left: Option<String>,
    /// Header, right.
    pub header_right: Option<String>,
    /// Footer with `{page}` and `{pages}`.
    pub footer: Option<String>,
    /// Watermark text.
    pub watermark: Option<String>,
    /// Review status: `draft`, `review` or `final`.
    pub status: Option<String>,
    /// Revision number, when the report has one.
    pub revision: Option<String>,
    /// The letter's fingerprint (docs/review.md).
    pub fingerprint: Option<String>,
    /// Approvals, one `name | role | date | fingerprint` line each (internal copies only).
    pub approvals: Vec<String>,
}

impl Meta {
    /// The report's status: the `status` line; for headers written before it
    /// existed, final when there is no watermark; `draft` for Markdown
    /// without a header, which amends did not write.
    #[must_use]
    pub fn effective_status(&self) -> &str {
        match (&self.status, &self.title, &self.watermark) {
            (Some(status), _, _) => status,
            (None, Some(_), None) => "final",
            _ => "draft",
        }
    }
}

const OPEN: &str = "<!-- amends\n";

/// Splits the metadata comment off the Markdown: the fields and the body.
#[must_use]
pub fn split_meta(markdown: &str) -> (Meta, &str) {
    let mut meta = Meta::default();
    let Some(rest) = markdown.strip_prefix(OPEN) else {
        return (meta, markdown);
    };
    let Some(end) = rest.find("-->") else {
        return (meta, markdown);
    };
    for line in rest[..end].lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = Some(value.trim().to_owned());
        match key.trim() {
            "title" => meta.title = value,
            "author" => meta.author = value,
            "subject" => meta.subject = value,
            "language" => meta.language = value,
            "date" => meta.date = value,
            "header_left" => meta.header_left = value,
            "header_right" => meta.header_right = value,
            "footer" => meta.footer = value,
            "watermark" => meta.watermark = value.filter(|v| !v.is_empty()),
            "status" => meta.status = value.filter(|v| !v.is_empty()),
            "revision" => meta.revision = value.filter(|v| !v.is_empty()),
            "fingerprint" => meta.fingerprint = value.filter(|v| !v.is_empty()),
            "approval" => meta.approvals.extend(value),
            _ => {}
        }
    }
    let body = rest[end + 3..].trim_start_matches(['\r', '\n']);
    (meta, body)
}

/// The comment for `meta`, ending in a blank line; values are made one line
/// and cannot close the comment early.
#[must_use]
pub fn write(meta: &Meta) -> String {
    let mut out = String::from(OPEN);
    let fields = [
        ("title", &meta.title),
        ("author", &meta.author),
        ("subject", &meta.subject),
        ("language", &meta.language),
        ("date", &meta.date),
        ("header_left", &meta.header_left),
        ("header_right", &meta.header_right),
        ("footer", &meta.footer),
        ("watermark", &meta.watermark),
        ("status", &meta.status),
        ("revision", &meta.revision),
        ("fingerprint", &meta.fingerprint),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            out.push_str(&format!("{key}: {}\n", one_line(value)));
        }
    }
    for approval in &meta.approvals {
        out.push_str(&format!("approval: {}\n", one_line(approval)));
    }
    out.push_str("-->\n\n");
    out
}

/// Whitespace folded to single spaces; `-->` broken so the comment stays open.
fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("-->", "- ->")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back() {
        let meta = Meta {
            title: Some("T --> x".into()),
            watermark: Some("DRAFT\nREVISION 2".into()),
            status: Some("review".into()),
            fingerprint: Some("sha256:ab".into()),
            approvals: vec!["Petr | Legal | 2026-07-10 | sha256:ab".into()],
            ..Meta::default()
        };
        let text = format!("{}# Body\n", write(&meta));
        let (back, body) = split_meta(&text);
        assert_eq!(body, "# Body\n");
        assert_eq!(back.title.as_deref(), Some("T - -> x"));
        assert_eq!(back.watermark.as_deref(), Some("DRAFT REVISION 2"));
        assert_eq!(back.status.as_deref(), Some("review"));
        assert_eq!(back.fingerprint.as_deref(), Some("sha256:ab"));
        assert_eq!(back.approvals, meta.approvals);
    }

    #[test]
    fn no_comment_means_no_fields() {
        let (meta, body) = split_meta("# No comment\n");
        assert_eq!((meta, body), (Meta::default(), "# No comment\n"));
    }
}
