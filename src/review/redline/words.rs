//! Word by word inside one changed block: tokens (words, spaces, and whole
//! emphasised runs, links and code spans, which are never split), compared,
//! and each run of changes written as one deleted and one inserted phrase.

use std::time::Instant;

use similar::{Algorithm, DiffOp};

use super::Counts;

/// `old` -> `new` with the changes marked, and how many words changed.
#[must_use]
pub fn diff(old: &str, new: &str, phrases: bool, deadline: Instant) -> (String, Counts) {
    let a = tokens(old, phrases);
    let b = tokens(new, phrases);
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &a, &b, Some(deadline));
    let mut out = String::with_capacity(new.len() + 32);
    let mut counts = Counts::default();
    let mut deleted = String::new();
    let mut inserted = String::new();
    for op in ops {
        match op {
            // Spaces alone between two changes belong to the phrase around them.
            DiffOp::Equal { new_index, len, .. }
                if b[new_index..new_index + len]
                    .iter()
                    .all(|t| t.trim().is_empty())
                    && !(deleted.is_empty() && inserted.is_empty()) =>
            {
                let spaces: String = b[new_index..new_index + len].concat();
                deleted.push_str(&spaces);
                inserted.push_str(&spaces);
            }
            DiffOp::Equal { new_index, len, .. } => {
                flush(&mut out, &mut deleted, &mut inserted, &mut counts);
                out.extend(b[new_index..new_index + len].iter().copied());
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => deleted.extend(a[old_index..old_index + old_len].iter().copied()),
            DiffOp::Insert {
                new_index, new_len, ..
            } => inserted.extend(b[new_index..new_index + new_len].iter().copied()),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                deleted.extend(a[old_index..old_index + old_len].iter().copied());
                inserted.extend(b[new_index..new_index + new_len].iter().copied());
            }
        }
    }
    flush(&mut out, &mut deleted, &mut inserted, &mut counts);
    (out, counts)
}

/// Writes a pending phrase: spaces at its edges stay outside the marks.
fn flush(out: &mut String, deleted: &mut String, inserted: &mut String, counts: &mut Counts) {
    if deleted.is_empty() && inserted.is_empty() {
        return;
    }
    let (del, ins) = (deleted.trim(), inserted.trim());
    // The spaces before the phrase, as the new text has them (or the old one, when nothing was inserted).
    let around = if ins.is_empty() {
        &*deleted
    } else {
        &*inserted
    };
    let lead = &around[..around.len() - around.trim_start().len()];
    let trail = &around[around.trim_end().len()..];
    out.push_str(lead);
    if !del.is_empty() {
        counts.deleted += del.split_whitespace().count();
        out.push_str(&format!("<del>{del}</del>"));
    }
    if !ins.is_empty() {
        counts.inserted += ins.split_whitespace().count();
        out.push_str(&format!("<ins>{ins}</ins>"));
    }
    out.push_str(trail);
    deleted.clear();
    inserted.clear();
}

/// Tokens: runs of spaces, and words; an emphasised run (`**…**`, `*…*`,
/// `_…_`, `~~…~~`), a code span or a link is one token. With `phrases`,
/// a word is everything up to the next punctuation.
fn tokens(text: &str, phrases: bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let len = if rest.starts_with(char::is_whitespace) {
            rest.find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len())
        } else if let Some(n) = atom(rest) {
            n
        } else if phrases {
            phrase_len(rest)
        } else {
            word_len(rest)
        };
        let len = len.max(rest.chars().next().map_or(1, char::len_utf8));
        out.push(&rest[..len]);
        i += len;
    }
    out
}

/// A word: letters and digits (a number keeps its `,` and `.` between
/// digits); any other mark is a token of its own, so `API.` -> `API for all.`
/// marks only what was inserted.
fn word_len(rest: &str) -> usize {
    let mut prev_digit = false;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_digit = chars.peek().is_some_and(|(_, n)| n.is_ascii_digit());
        let inside_number = prev_digit && next_digit && matches!(c, ',' | '.');
        if !(c.is_alphanumeric() || inside_number || is_joiner(c)) {
            return if i == 0 { c.len_utf8() } else { i };
        }
        prev_digit = c.is_ascii_digit();
    }
    rest.len()
}

/// Characters that join the letters of one word: apostrophes, hyphens,
/// combining marks.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '\u{0300}'..='\u{036f}')
}

fn is_atom_start(c: char) -> bool {
    matches!(c, '*' | '_' | '~' | '`' | '[')
}

/// A phrase: up to and including the next punctuation mark, or to an atom.
fn phrase_len(rest: &str) -> usize {
    for (i, c) in rest.char_indices() {
        if i > 0 && is_atom_start(c) {
            return i;
        }
        if matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | '\n' | '\r') {
            return i + c.len_utf8();
        }
    }
    rest.len()
}

/// The length of an emphasised run, code span or link starting `rest`.
fn atom(rest: &str) -> Option<usize> {
    for delim in ["**", "__", "~~", "*", "_", "`"] {
        if let Some(inner) = rest.strip_prefix(delim) {
            if inner.starts_with(char::is_whitespace) || inner.is_empty() {
                return None;
            }
            let close = closing(inner, delim)?;
            if close == 0 {
                return None;
            }
            return Some(delim.len() * 2 + close);
        }
    }
    if rest.starts_with('[') {
        let close = rest.find("](")?;
        let end = rest[close..].find(')')?;
        return Some(close + end + 1);
    }
    None
}

/// Where `delim` closes in `inner`: a single `*` or `_` that is part of a
/// `**` or `__` (a nested strong run) does not close it.
fn closing(inner: &str, delim: &str) -> Option<usize> {
    let bytes = inner.as_bytes();
    let mut from = 0;
    while let Some(at) = inner[from..].find(delim).map(|i| i + from) {
        let single = delim.len() == 1;
        let doubled = single
            && (bytes.get(at + 1) == Some(&bytes[at]) || at > 0 && bytes[at - 1] == bytes[at]);
        if !doubled {
            return Some(at);
        }
        from = at + 1;
        while bytes.get(from) == Some(&bytes[at]) {
            from += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(a: &str, b: &str, phrases: bool) -> String {
        diff(
            a,
            b,
            phrases,
            Instant::now() + std::time::Duration::from_secs(1),
        )
        .0
    }

    #[test]
    fn a_changed_emphasis_is_marked_whole() {
        assert_eq!(
            run(
                "Total: **USD 7,282.26** now.",
                "Total: **USD 9,057.10** now.",
                false
            ),
            "Total: <del>**USD 7,282.26**</del><ins>**USD 9,057.10**</ins> now."
        );
    }

    #[test]
    fn an_emphasis_with_strong_inside_is_one_token() {
        assert_eq!(tokens("*a **b** c* d", false), ["*a **b** c*", " ", "d"]);
        assert_eq!(
            run("x *a **b** c* y", "x *a **z** c* y", false),
            "x <del>*a **b** c*</del><ins>*a **z** c*</ins> y"
        );
    }

    #[test]
    fn deleted_words_keep_their_spaces_and_runs_are_one_phrase() {
        assert_eq!(
            run(
                "the team of Githosting will call",
                "the team will call",
                false
            ),
            "the team <del>of Githosting</del> will call"
        );
        assert_eq!(
            run(
                "we will call you on 19 July",
                "we shall phone you on 26 July",
                false
            ),
            "we <del>will call</del><ins>shall phone</ins> you on <del>19</del><ins>26</ins> July"
        );
    }

    #[test]
    fn vietnamese_changes_whole_phrases() {
        let old = "Chúng tôi xin lỗi, dịch vụ đã được khôi phục.";
        let new = "Chúng tôi xin lỗi, hệ thống đã hoạt động trở lại.";
        assert_eq!(
            run(old, new, true),
            "Chúng tôi xin lỗi, <del>dịch vụ đã được khôi phục.</del><ins>hệ thống đã hoạt động trở lại.</ins>"
        );
    }
}
