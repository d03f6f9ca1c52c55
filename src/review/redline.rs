//! Redline: what changed between two drafts of a report, as Markdown with
//! deletions and insertions marked, for the reviewer who read the last one.

use similar::{ChangeTag, DiffOp, TextDiff};

/// How many words were deleted and inserted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Words deleted.
    pub deleted: usize,
    /// Words inserted.
    pub inserted: usize,
}

/// The new Markdown with `<del>` and `<ins>` marking what changed since the
/// old one. Unchanged lines are kept as they are; within a changed stretch
/// the difference is marked word by word.
#[must_use]
pub fn redline(old: &str, new: &str) -> (String, Counts) {
    let old = crate::render::pdf::split_meta(old).1;
    let new = crate::render::pdf::split_meta(new).1;
    let lines = TextDiff::from_lines(old, new);
    let mut out = String::with_capacity(new.len() + 256);
    let mut counts = Counts::default();
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    for op in lines.ops() {
        match *op {
            DiffOp::Equal { new_index, len, .. } => {
                out.extend(new_lines[new_index..new_index + len].iter().copied());
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                let text: String = old_lines[old_index..old_index + old_len].concat();
                counts.deleted += text.split_whitespace().count();
                for line in text.lines() {
                    if !line.trim().is_empty() {
                        out.push_str(&format!("<del>{line}</del>\n"));
                    }
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                let text: String = new_lines[new_index..new_index + new_len].concat();
                counts.inserted += text.split_whitespace().count();
                for line in text.lines() {
                    if line.trim().is_empty() {
                        out.push('\n');
                    } else {
                        out.push_str(&format!("<ins>{line}</ins>\n"));
                    }
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let before: String = old_lines[old_index..old_index + old_len].concat();
                let after: String = new_lines[new_index..new_index + new_len].concat();
                let words = TextDiff::from_words(&before, &after);
                for change in words.iter_all_changes() {
                    let value = change.value();
                    match change.tag() {
                        ChangeTag::Equal => out.push_str(value),
                        ChangeTag::Delete if value.trim().is_empty() => {}
                        ChangeTag::Delete => {
                            counts.deleted += 1;
                            out.push_str(&format!("<del>{value}</del>"));
                        }
                        ChangeTag::Insert if value.trim().is_empty() => out.push_str(value),
                        ChangeTag::Insert => {
                            counts.inserted += 1;
                            out.push_str(&format!("<ins>{value}</ins>"));
                        }
                    }
                }
            }
        }
    }
    (out, counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_changed_words_and_whole_lines() {
        let old = "# Title\n\nWe will call you on 19 July.\n\nOld line.\n";
        let new = "# Title\n\nWe will call you on 26 July.\n\nNew paragraph.\n";
        let (text, counts) = redline(old, new);
        assert!(text.starts_with("# Title\n\n"), "{text}");
        assert!(
            text.contains("on <del>19</del><ins>26</ins> July."),
            "{text}"
        );
        assert!(
            text.contains("<del>Old</del>") && text.contains("<ins>New</ins>"),
            "{text}"
        );
        assert_eq!((counts.deleted, counts.inserted), (3, 3));
    }

    #[test]
    fn identical_drafts_have_no_marks_and_metadata_is_ignored() {
        let old = "<!-- amends\nwatermark: DRAFT, REVISION 1\n-->\n\n# T\n\nSame.\n";
        let new = "<!-- amends\nwatermark: DRAFT, REVISION 2\n-->\n\n# T\n\nSame.\n";
        let (text, counts) = redline(old, new);
        assert_eq!(text, "# T\n\nSame.\n");
        assert_eq!(counts, Counts::default());
    }
}
