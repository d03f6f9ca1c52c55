//! Redline: what changed between two drafts of a report, as Markdown with
//! deletions (`<del>`) and insertions (`<ins>`) marked, for the reviewer who
//! read the last one.
//!
//! The Markdown is compared as a document: first block by block (headings,
//! paragraphs, list items, table rows; found with pulldown-cmark's offsets),
//! then inside a changed block word by word, runs of changed words marked as
//! one phrase. The result stays valid GFM: a table row keeps its columns (the
//! marks go inside the cells), a list item stays an item, an emphasised run
//! or a link is marked whole so emphasis is never split, and deleted words
//! keep their spaces. Vietnamese is compared phrase by phrase (between
//! punctuation), as its words are several syllables.

mod blocks;
pub mod summary;
mod words;

use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp};

/// How long the comparison may search for the smallest difference; past
/// it, the difference shown is correct but may be coarser.
pub const DEADLINE: Duration = Duration::from_secs(2);

/// How many words were deleted and inserted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Words deleted.
    pub deleted: usize,
    /// Words inserted.
    pub inserted: usize,
}

/// The new Markdown with `<del>` and `<ins>` marking what changed since the
/// old one (both without their `<!-- amends -->` header).
#[must_use]
pub fn redline(old: &str, new: &str) -> (String, Counts) {
    let (old_meta, old) = crate::render::header::split_meta(old);
    let (new_meta, new) = crate::render::header::split_meta(new);
    let phrases = [old_meta.language, new_meta.language]
        .iter()
        .flatten()
        .any(|l| l.starts_with("vi"));
    let deadline = Instant::now() + DEADLINE;
    let old_blocks = blocks::split(old);
    let new_blocks = blocks::split(new);
    let old_keys: Vec<&str> = old_blocks.iter().map(|b| b.text.trim_end()).collect();
    let new_keys: Vec<&str> = new_blocks.iter().map(|b| b.text.trim_end()).collect();
    let ops = similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        &old_keys,
        &new_keys,
        Some(deadline),
    );
    let mut out = Marked {
        text: String::with_capacity(new.len() + 256),
        counts: Counts::default(),
        phrases,
        deadline,
    };
    for op in ops {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                for b in &new_blocks[new_index..new_index + len] {
                    out.text.push_str(b.text);
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for b in &old_blocks[old_index..old_index + old_len] {
                    out.whole(b, "del");
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for b in &new_blocks[new_index..new_index + new_len] {
                    out.whole(b, "ins");
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let olds = &old_blocks[old_index..old_index + old_len];
                let news = &new_blocks[new_index..new_index + new_len];
                out.replace(olds, news);
            }
        }
    }
    (out.text, out.counts)
}

/// A short account of a redline for a message: the counts and the first
/// `limit` changes, e.g. `1 word deleted, 1 inserted: "19" -> "26"`.
#[must_use]
pub fn describe(marked: &str, counts: Counts, limit: usize) -> String {
    let mut changes = Vec::new();
    let mut rest = marked;
    while changes.len() < limit {
        let Some(at) = [rest.find("<del>"), rest.find("<ins>")]
            .into_iter()
            .flatten()
            .min()
        else {
            break;
        };
        rest = &rest[at..];
        let deleted = take_mark(&mut rest, "del");
        let inserted = take_mark(&mut rest, "ins");
        match (deleted, inserted) {
            (Some(d), Some(i)) => changes.push(format!("\"{d}\" -> \"{i}\"")),
            (Some(d), None) => changes.push(format!("\"{d}\" deleted")),
            (None, Some(i)) => changes.push(format!("\"{i}\" inserted")),
            (None, None) => rest = rest.get(1..).unwrap_or(""),
        }
    }
    let mut text = format!(
        "{} word{} deleted, {} inserted",
        counts.deleted,
        if counts.deleted == 1 { "" } else { "s" },
        counts.inserted
    );
    if !changes.is_empty() {
        text.push_str(": ");
        text.push_str(&changes.join("; "));
        if rest.contains("<del>") || rest.contains("<ins>") {
            text.push_str("; …");
        }
    }
    text
}

/// The text of a `<tag>…</tag>` at the start of `rest`, on one line and
/// clipped to 60 characters; `rest` moves past it.
fn take_mark(rest: &mut &str, tag: &str) -> Option<String> {
    let body = rest.strip_prefix(format!("<{tag}>").as_str())?;
    let close = format!("</{tag}>");
    let end = body.find(close.as_str())?;
    let text = body[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    *rest = &body[end + close.len()..];
    Some(match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    })
}

/// The redline being written.
struct Marked {
    text: String,
    counts: Counts,
    phrases: bool,
    deadline: Instant,
}

impl Marked {
    /// A block deleted or inserted whole: its structure kept, its content marked.
    fn whole(&mut self, block: &blocks::Block<'_>, tag: &str) {
        let words = block.text.split_whitespace().count();
        if tag == "del" {
            self.counts.deleted += words;
        } else {
            self.counts.inserted += words;
        }
        // A paragraph right after a table row would be read as another row.
        if block.kind != blocks::Kind::Row
            && self.text.ends_with('\n')
            && !self.text.ends_with("\n\n")
            && self.text.trim_end().ends_with('|')
        {
            self.text.push('\n');
        }
        self.text.push_str(&blocks::mark_whole(block, tag));
    }

    /// Changed blocks: aligned by kind (rows with rows, items with items),
    /// aligned pairs compared word by word, the rest deleted or inserted whole.
    fn replace(&mut self, olds: &[blocks::Block<'_>], news: &[blocks::Block<'_>]) {
        let old_kinds: Vec<String> = olds.iter().map(blocks::shape).collect();
        let new_kinds: Vec<String> = news.iter().map(blocks::shape).collect();
        let ops = similar::capture_diff_slices_deadline(
            Algorithm::Myers,
            &old_kinds,
            &new_kinds,
            Some(self.deadline),
        );
        for op in ops {
            for (o, n) in op.iter_changes_indices(olds.len(), news.len()) {
                match (o.and_then(|i| olds.get(i)), n.and_then(|i| news.get(i))) {
                    (Some(o), Some(n)) => self.pair(o, n),
                    (Some(o), None) => self.whole(o, "del"),
                    (None, Some(n)) => self.whole(n, "ins"),
                    (None, None) => {}
                }
            }
        }
    }

    /// Two blocks of one shape, compared word by word (or cell by cell).
    fn pair(&mut self, o: &blocks::Block<'_>, n: &blocks::Block<'_>) {
        let Some(pairs) = blocks::pair(o, n) else {
            self.whole(o, "del");
            self.whole(n, "ins");
            return;
        };
        self.text.push_str(n.prefix);
        for (k, (a, b)) in pairs.iter().enumerate() {
            if k > 0 {
                self.text.push('|');
            }
            let (marked, counts) = words::diff(a, b, self.phrases, self.deadline);
            self.text.push_str(&marked);
            self.counts.deleted += counts.deleted;
            self.counts.inserted += counts.inserted;
        }
        self.text.push_str(n.suffix);
    }
}

/// The indices of one diff op, as pairs: both for equal (same shape) items,
/// one side for deleted or inserted ones.
trait Pairs {
    fn iter_changes_indices(
        &self,
        old_len: usize,
        new_len: usize,
    ) -> Vec<(Option<usize>, Option<usize>)>;
}

impl Pairs for DiffOp {
    fn iter_changes_indices(&self, _: usize, _: usize) -> Vec<(Option<usize>, Option<usize>)> {
        match *self {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => (0..len)
                .map(|i| (Some(old_index + i), Some(new_index + i)))
                .collect(),
            DiffOp::Delete {
                old_index, old_len, ..
            } => (old_index..old_index + old_len)
                .map(|i| (Some(i), None))
                .collect(),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (new_index..new_index + new_len)
                .map(|i| (None, Some(i)))
                .collect(),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (old_index..old_index + old_len)
                .map(|i| (Some(i), None))
                .chain((new_index..new_index + new_len).map(|i| (None, Some(i))))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests;
