//! Phrase matching on words, for every language and script: a text is cut
//! into lowercased tokens that remember which characters of the original
//! they came from, so a match is always reported as a range of the original
//! text (never as byte offsets into a lowercased copy, whose length can
//! differ: "İ", "ẞ", the Kelvin sign).
//!
//! A phrase is a list of tokens. A token ending in `*` matches any word that
//! starts with it (inflection: `dodavatel*` matches dodavatele, dodavatelem);
//! `...` between two tokens allows up to [`GAP_WORDS`] words in between
//! (Vietnamese words are one syllable each, hence not fewer),
//! within one sentence (word order: "will not ... recur" matches "will not
//! ever recur").

/// Most words a `...` in a phrase may stand for.
pub const GAP_WORDS: usize = 6;

/// A word or a single punctuation character, lowercased.
#[derive(Debug, Clone)]
pub struct Token {
    /// The lowercased text.
    pub text: String,
    /// First character of the original text (index into its chars).
    pub start: usize,
    /// One past its last character.
    pub end: usize,
}

impl Token {
    fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }

    fn ends_sentence(&self) -> bool {
        matches!(self.text.as_str(), "." | "!" | "?" | ";" | ":")
    }
}

/// Where a phrase was found, in characters of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Index of the first token matched.
    pub first_token: usize,
    /// One past the last token matched.
    pub last_token: usize,
}

/// Cuts a text into tokens: runs of letters, digits and combining marks are
/// words; every other visible character is a token of its own; white space
/// (line breaks included: a folded or literal scalar breaks lines anywhere)
/// separates. Apostrophes are folded to `'`.
#[must_use]
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut in_word = false;
    for (i, c) in text.chars().enumerate() {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
            '\u{00A0}' | '\u{202F}' => ' ',
            c => c,
        };
        let wordish = c.is_alphanumeric() || is_mark(c);
        if wordish && in_word {
            if let Some(t) = out.last_mut() {
                t.text.extend(c.to_lowercase());
                t.end = i + 1;
            }
            continue;
        }
        in_word = wordish;
        if c.is_whitespace() {
            continue;
        }
        out.push(Token {
            text: c.to_lowercase().collect(),
            start: i,
            end: i + 1,
        });
    }
    out
}

/// Combining marks (decomposed Vietnamese and Czech accents) belong to their word.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}')
}

/// A phrase, parsed once.
#[derive(Debug, Clone)]
pub struct Phrase {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
enum Part {
    Exact(String),
    Prefix(String),
    Gap,
}

impl Phrase {
    /// Parses a phrase of a word list.
    #[must_use]
    pub fn parse(phrase: &str) -> Phrase {
        let mut parts = Vec::new();
        for piece in phrase.split_whitespace() {
            if piece == "..." || piece == "…" {
                parts.push(Part::Gap);
                continue;
            }
            let (body, prefix) = match piece.strip_suffix('*') {
                Some(b) if !b.is_empty() => (b, true),
                _ => (piece, false),
            };
            let toks = tokens(body);
            let n = toks.len();
            for (k, t) in toks.into_iter().enumerate() {
                if prefix && k + 1 == n {
                    parts.push(Part::Prefix(t.text));
                } else {
                    parts.push(Part::Exact(t.text));
                }
            }
        }
        while matches!(parts.last(), Some(Part::Gap)) {
            parts.pop();
        }
        while matches!(parts.first(), Some(Part::Gap)) {
            parts.remove(0);
        }
        Phrase { parts }
    }

    /// The first token a match starts with: `(text, whether it is a prefix)`;
    /// `None` for a phrase that matches nothing. An index of phrases by it
    /// tries a phrase only where it can start ([`super::words::List`]).
    #[must_use]
    pub fn head(&self) -> Option<(&str, bool)> {
        match self.parts.first()? {
            Part::Exact(w) => Some((w, false)),
            Part::Prefix(w) => Some((w, true)),
            // Parsing drops leading gaps.
            Part::Gap => None,
        }
    }

    /// Whether `head` (of [`Phrase::head`]) can start a match at `token`.
    #[must_use]
    pub fn head_matches(text: &str, prefix: bool, token: &Token) -> bool {
        if prefix {
            token.is_word() && token.text.starts_with(text)
        } else {
            token.text == text
        }
    }

    /// The match starting at token `i`, if any: one past its last token.
    #[must_use]
    pub fn match_from(&self, toks: &[Token], i: usize) -> Option<usize> {
        if self.parts.is_empty() {
            return None;
        }
        self.match_at(toks, i, 0)
    }

    /// Every match in `toks`, left to right, not overlapping: what
    /// [`super::words::List`] finds for one phrase, tried at every token
    /// (the lists index their phrases instead; tests compare the two).
    #[must_use]
    #[cfg(test)]
    pub fn find(&self, toks: &[Token]) -> Vec<Match> {
        let mut out = Vec::new();
        if self.parts.is_empty() {
            return out;
        }
        let mut i = 0;
        while i < toks.len() {
            match self.match_at(toks, i, 0) {
                Some(end) => {
                    out.push(Match {
                        start: toks[i].start,
                        end: toks[end - 1].end,
                        first_token: i,
                        last_token: end,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Matches parts[p..] from token i; returns one past the last token.
    fn match_at(&self, toks: &[Token], i: usize, p: usize) -> Option<usize> {
        let Some(part) = self.parts.get(p) else {
            return Some(i);
        };
        match part {
            Part::Gap => {
                for j in (i..).take(GAP_WORDS + 1) {
                    if let Some(end) = self.match_at(toks, j, p + 1) {
                        return Some(end);
                    }
                    if toks.get(j)?.ends_sentence() {
                        return None;
                    }
                }
                None
            }
            Part::Exact(w) => {
                Self::head_matches(w, false, toks.get(i)?).then_some(())?;
                self.match_at(toks, i + 1, p + 1)
            }
            Part::Prefix(w) => {
                Self::head_matches(w, true, toks.get(i)?).then_some(())?;
                self.match_at(toks, i + 1, p + 1)
            }
        }
    }
}

/// The characters `start..end` of `text`.
#[must_use]
#[cfg(test)]
fn slice_chars(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// Longest stretch, in tokens, searched for a sentence's ends: real
/// sentences are far shorter, and a text without full stops stays linear.
pub const MAX_SENTENCE_TOKENS: usize = 200;

/// The tokens of the sentence around tokens `first..last`: from after the
/// previous sentence end to the next one (at most [`MAX_SENTENCE_TOKENS`]
/// either side).
#[must_use]
pub fn sentence_of(toks: &[Token], first: usize, last: usize) -> (usize, usize) {
    let first = first.min(toks.len());
    let last = last.min(toks.len());
    let floor = first.saturating_sub(MAX_SENTENCE_TOKENS);
    let from = toks[floor..first]
        .iter()
        .rposition(Token::ends_sentence)
        .map_or(floor, |k| floor + k + 1);
    let ceiling = (last + MAX_SENTENCE_TOKENS).min(toks.len());
    let to = toks[last..ceiling]
        .iter()
        .position(Token::ends_sentence)
        .map_or(ceiling, |k| last + k);
    (from, to)
}

/// Byte offsets of each character of `text`, and its length at the end: a
/// range of characters becomes a slice without walking the text again.
#[must_use]
pub fn char_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, phrase: &str) -> Vec<String> {
        Phrase::parse(phrase)
            .find(&tokens(text))
            .iter()
            .map(|m| slice_chars(text, m.start, m.end))
            .collect()
    }

    #[test]
    fn text_whose_lowercase_changes_length_is_matched_without_panic() {
        let text = "Our İstanbul site: we guarantee— uptime for HAUPTSTRAẞE 5.";
        assert_eq!(found(text, "guarantee*"), ["guarantee"]);
        assert_eq!(found(text, "hauptstraße"), ["HAUPTSTRAẞE"]);
        assert_eq!(found(text, "istanbul"), Vec::<String>::new());
        assert_eq!(
            found("\u{212A}elvin and \u{2126}hm: we GUARANTEE", "guarantee"),
            ["GUARANTEE"]
        );
        assert_eq!(
            found("\u{212A}\u{2126} \u{130}\u{130}", "kω"),
            ["\u{212A}\u{2126}"]
        );
    }

    #[test]
    fn every_character_whose_lowercase_changes_length_is_handled() {
        let odd: String = (0..0x3_0000u32)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().collect::<String>().len() != c.len_utf8())
            .flat_map(|c| [c, 'x', ' ', c, '.'])
            .collect();
        assert!(odd.chars().count() > 50);
        let toks = tokens(&odd);
        for phrase in ["x", "guarantee*", "x ... x", "i\u{307}"] {
            for m in Phrase::parse(phrase).find(&toks) {
                let quote = slice_chars(&odd, m.start, m.end);
                assert!(!quote.is_empty() && m.end <= odd.chars().count());
            }
        }
    }

    #[test]
    fn whole_words_prefixes_and_gaps() {
        assert!(found("a butterfly", "but").is_empty());
        assert_eq!(found("Sorry, But it", "but"), ["But"]);
        assert_eq!(
            found("chyba dodavatelem byla", "dodavatel*"),
            ["dodavatelem"]
        );
        assert_eq!(
            found("This will not ever recur.", "will not ... recur*"),
            ["will not ever recur"]
        );
        assert!(found("We will not. It may recur.", "will not ... recur*").is_empty());
        assert_eq!(found("we won’t let it", "won't"), ["won’t"]);
        assert_eq!(found("a 100% guarantee", "100 %"), ["100%"]);
        assert_eq!(
            found("xin lỗi vì sự bất tiện", "sự bất tiện"),
            ["sự bất tiện"]
        );
    }
}
