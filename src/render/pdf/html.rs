//! Raw HTML in Markdown, as a Markdown viewer shows it: comments and hidden
//! elements (`hidden` attribute, `display: none`) are invisible, so they are
//! left out of the PDF too; `<ins>`/`<del>`/`<s>` mark a redline (the tags
//! themselves are not printed); any other tag is printed as the literal text
//! it is. The scanner keeps its state across events, because a comment or a
//! hidden element may span several HTML events with Markdown in between.

/// What a piece of raw HTML contributes, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text to print.
    Text(&'a str),
    /// `<ins>` opened (`true`) or closed.
    Insert(bool),
    /// `<del>` or `<s>` opened (`true`) or closed.
    Delete(bool),
}

/// Elements that never have content (a `hidden` one hides nothing after it).
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The scanner's state between HTML events.
#[derive(Debug, Default)]
pub struct HtmlState {
    in_comment: bool,
    /// Open hidden elements: the tag name and whether it was opened inline
    /// (inline ones end with their paragraph, as browsers close them there).
    hidden: Vec<(String, bool)>,
    /// Whether anything was left out (for a warning).
    pub dropped: bool,
}

impl HtmlState {
    /// Whether text here is invisible (inside a comment or hidden element).
    #[must_use]
    pub fn hiding(&self) -> bool {
        self.in_comment || !self.hidden.is_empty()
    }

    /// Ends hidden elements opened inline: their paragraph (or cell, heading) ended.
    pub fn end_inline(&mut self) {
        self.hidden.retain(|(_, inline)| !inline);
    }

    /// Scans one HTML event's text.
    pub fn scan<'a>(&mut self, raw: &'a str, inline: bool) -> Vec<Piece<'a>> {
        let mut out = Vec::new();
        let mut rest = raw;
        while !rest.is_empty() {
            if self.in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        rest = &rest[end + 3..];
                        self.in_comment = false;
                    }
                    None => rest = "",
                }
                continue;
            }
            let Some(lt) = rest.find('<') else {
                self.visible(&mut out, rest);
                break;
            };
            self.visible(&mut out, &rest[..lt]);
            rest = &rest[lt..];
            if let Some(after) = rest.strip_prefix("<!--") {
                self.dropped = true;
                // `<!-->` and `<!--->` are whole (empty) comments.
                match after.strip_prefix('>').or_else(|| after.strip_prefix("->")) {
                    Some(after_empty) => rest = after_empty,
                    None => {
                        self.in_comment = true;
                        rest = after;
                    }
                }
                continue;
            }
            let Some(tag) = Tag::parse(rest) else {
                // A lone "<": text.
                self.visible(&mut out, &rest[..1]);
                rest = &rest[1..];
                continue;
            };
            let source = &rest[..tag.len];
            rest = &rest[tag.len..];
            self.tag(&mut out, &tag, source, inline);
        }
        out
    }

    fn visible<'a>(&mut self, out: &mut Vec<Piece<'a>>, text: &'a str) {
        if text.is_empty() {
            return;
        }
        if self.hiding() {
            self.dropped = true;
        } else {
            out.push(Piece::Text(text));
        }
    }

    fn tag<'a>(&mut self, out: &mut Vec<Piece<'a>>, tag: &Tag, source: &'a str, inline: bool) {
        if let Some((open, _)) = self.hidden.last() {
            // Inside a hidden element only its own nesting matters.
            if tag.name == *open {
                if tag.closing {
                    self.hidden.pop();
                } else if !tag.self_closing {
                    self.hidden.push((tag.name.clone(), inline));
                }
            }
            self.dropped = true;
            return;
        }
        match tag.name.as_str() {
            "ins" => out.push(Piece::Insert(!tag.closing)),
            "del" | "s" | "strike" => out.push(Piece::Delete(!tag.closing)),
            _ if !tag.closing && tag.hidden => {
                self.dropped = true;
                if !tag.self_closing && !VOID.contains(&tag.name.as_str()) {
                    self.hidden.push((tag.name.clone(), inline));
                }
            }
            _ => out.push(Piece::Text(source)),
        }
    }
}

/// One tag at the start of a string.
struct Tag {
    /// Lower-case name.
    name: String,
    closing: bool,
    self_closing: bool,
    /// `hidden` attribute or an inline style with `display: none`.
    hidden: bool,
    /// Its length in bytes, `<` to `>`.
    len: usize,
}

impl Tag {
    fn parse(s: &str) -> Option<Tag> {
        let body = s.strip_prefix('<')?;
        let (closing, body) = match body.strip_prefix('/') {
            Some(b) => (true, b),
            None => (false, body),
        };
        let name_len = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(body.len());
        if name_len == 0 || !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let end = tag_end(body)?;
        let attrs = &body[name_len..end];
        let lower = attrs.to_ascii_lowercase();
        let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
        let hidden = lower
            .split(|c: char| c.is_whitespace() || c == '/')
            .any(|word| word == "hidden" || word.starts_with("hidden="))
            || compact.contains("display:none")
            || compact.contains("visibility:hidden");
        Some(Tag {
            name: body[..name_len].to_ascii_lowercase(),
            closing,
            self_closing: attrs.trim_end().ends_with('/'),
            hidden,
            len: 1 + usize::from(closing) + end + 1,
        })
    }
}

/// The index of the `>` that ends a tag, skipping quoted attribute values.
fn tag_end(body: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in body.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Text(t) => Some(*t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn comments_and_hidden_elements_are_left_out() {
        let mut s = HtmlState::default();
        let out = s.scan(
            "<div>a<!-- internal: x -->b<span hidden>secret<span>more</span></span>c<p style=\"display: none\">no</p>d<input hidden>e</div>",
            false,
        );
        assert_eq!(texts(&out), "<div>abcde</div>");
        assert!(s.dropped && !s.hiding());
    }

    #[test]
    fn state_spans_events_and_inline_hiding_ends_with_its_paragraph() {
        let mut s = HtmlState::default();
        assert!(texts(&s.scan("<!-- start", false)).is_empty());
        assert!(s.hiding());
        assert_eq!(texts(&s.scan("still -->after", false)), "after");
        assert_eq!(texts(&s.scan("a<!-->b<!--->c", true)), "abc");
        s.scan("<span hidden>", true);
        assert!(s.hiding());
        s.end_inline();
        assert!(!s.hiding());
        s.scan("<div hidden='x>y'>", false);
        s.end_inline();
        assert!(s.hiding(), "a hidden block lasts until it is closed");
        s.scan("</div>", false);
        assert!(!s.hiding());
    }

    #[test]
    fn redline_tags_mark_and_other_tags_stay_literal() {
        let mut s = HtmlState::default();
        let out = s.scan("<ins>", true);
        assert_eq!(out, [Piece::Insert(true)]);
        assert_eq!(s.scan("</DEL>", true), [Piece::Delete(false)]);
        assert_eq!(texts(&s.scan("<b>x</b> < 3", true)), "<b>x</b> < 3");
        assert!(!s.dropped);
    }
}
