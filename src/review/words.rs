//! The word lists of one language (`templates/lint/<language>.yaml`), parsed
//! into phrases once.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::matcher::{Match, Phrase, Token};
use super::messages::Messages;

/// The words the rules look for, in one language. Every list is required:
/// a list left out would silently switch its rule off.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// hedged-apology: an excuse after the apology.
    pub hedges: Vec<String>,
    /// non-apology: sorry for "any inconvenience", "if you were affected".
    pub non_apology: Vec<String>,
    /// blame-shifting: someone else is named as the cause.
    pub blame: Vec<String>,
    /// blame-shifting: a sentence that also says what we did is ownership, not blame.
    pub ownership: Vec<String>,
    /// blame-shifting: a negation just before the blame words ("it was not your fault").
    pub negations: Vec<String>,
    /// blame-shifting: a negation just after them, where word order allows
    /// it ("Vaše chyba to nebyla").
    pub negations_after: Vec<String>,
    /// grovelling: apology words.
    pub apologies: Vec<String>,
    /// grovelling: intensifiers.
    pub intensifiers: Vec<String>,
    /// speculation.
    pub speculation: Vec<String>,
    /// risky-promise.
    pub promises: Vec<String>,
    /// liability-admission: what legal strikes as admitting liability.
    pub admissions: Vec<String>,
    /// minimising: words that make the impact small.
    pub minimisers: Vec<String>,
    /// passive-evasion.
    pub evasions: Vec<String>,
    /// cold-opener.
    pub cold_openers: Vec<String>,
    /// repeat-unexplained: words about the earlier incident.
    pub repeat_explained: Vec<String>,
    /// The findings' messages in this language.
    pub messages: Messages,
    /// The lists parsed into phrases, once (a batch reviews thousands of letters).
    #[serde(skip)]
    parsed: OnceLock<Lists>,
}

impl Words {
    /// Every list, parsed into phrases on first use.
    #[must_use]
    pub fn lists(&self) -> &Lists {
        self.parsed.get_or_init(|| Lists::new(self))
    }

    /// Parses a word-list file.
    pub fn parse(text: &str) -> Result<Words, String> {
        serde_saphyr::from_str(text).map_err(|e| {
            let message = e.without_snippet().render();
            if message.contains("`messages`") {
                // A language added before findings were translated.
                format!(
                    "{message}; every word-list file needs `messages:`, the findings in its language: copy them from lint/en.yaml (`amends templates dump DIR`) and translate them"
                )
            } else {
                message
            }
        })
    }
}

/// One list, its phrases parsed and indexed by the token each starts with,
/// so a text is walked once per list, not once per phrase.
#[derive(Debug, Clone)]
pub struct List {
    phrases: Vec<Phrase>,
    /// Phrases starting with a whole word, by that word.
    exact: HashMap<String, Vec<usize>>,
    /// Phrases starting with a word prefix (`vendor*`): the prefix and the phrase.
    prefixed: Vec<(String, usize)>,
}

impl List {
    /// Parses every phrase of a list.
    #[must_use]
    pub fn new(phrases: &[String]) -> List {
        let phrases: Vec<Phrase> = phrases.iter().map(|p| Phrase::parse(p)).collect();
        let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
        let mut prefixed = Vec::new();
        for (k, phrase) in phrases.iter().enumerate() {
            match phrase.head() {
                Some((word, false)) => exact.entry(word.to_owned()).or_default().push(k),
                Some((prefix, true)) => prefixed.push((prefix.to_owned(), k)),
                None => {}
            }
        }
        List {
            phrases,
            exact,
            prefixed,
        }
    }

    /// Each phrase's matches (left to right, not overlapping, as
    /// [`Phrase::find`] finds them), with the phrase's index; `stop` after
    /// the first match.
    fn matches(&self, toks: &[Token], stop: bool) -> Vec<(Match, usize)> {
        let mut out = Vec::new();
        // Per phrase, the first token its next match may start at.
        let mut free = vec![0usize; self.phrases.len()];
        let mut candidates: Vec<usize> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            candidates.clear();
            if let Some(ks) = self.exact.get(t.text.as_str()) {
                candidates.extend(ks);
            }
            candidates.extend(
                self.prefixed
                    .iter()
                    .filter(|(prefix, _)| Phrase::head_matches(prefix, true, t))
                    .map(|(_, k)| *k),
            );
            for &k in &candidates {
                if i < free[k] {
                    continue;
                }
                if let Some(end) = self.phrases[k].match_from(toks, i) {
                    out.push((
                        Match {
                            start: t.start,
                            end: toks[end - 1].end,
                            first_token: i,
                            last_token: end,
                        },
                        k,
                    ));
                    if stop {
                        return out;
                    }
                    free[k] = end;
                }
            }
        }
        out
    }

    /// Every match of any phrase, in text order, overlaps dropped (the
    /// longest match at a place wins; between equal ones, the earlier phrase).
    #[must_use]
    pub fn find(&self, toks: &[Token]) -> Vec<Match> {
        let mut all = self.matches(toks, false);
        all.sort_by(|(a, j), (b, k)| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(j.cmp(k)));
        let mut out: Vec<Match> = Vec::new();
        for (m, _) in all {
            if out.last().is_none_or(|last| m.start >= last.end) {
                out.push(m);
            }
        }
        out
    }

    /// Whether any phrase occurs in `toks`.
    #[must_use]
    pub fn any(&self, toks: &[Token]) -> bool {
        !self.matches(toks, true).is_empty()
    }
}

/// Every list, parsed.
#[derive(Debug, Clone)]
pub struct Lists {
    pub(super) hedges: List,
    pub(super) non_apology: List,
    pub(super) blame: List,
    pub(super) ownership: List,
    pub(super) negations: List,
    pub(super) negations_after: List,
    pub(super) apologies: List,
    pub(super) intensifiers: List,
    pub(super) speculation: List,
    pub(super) promises: List,
    pub(super) admissions: List,
    pub(super) minimisers: List,
    pub(super) evasions: List,
    pub(super) cold_openers: List,
    pub(super) repeat_explained: List,
}

impl Lists {
    /// Parses every list of `words`.
    #[must_use]
    pub fn new(w: &Words) -> Lists {
        Lists {
            hedges: List::new(&w.hedges),
            non_apology: List::new(&w.non_apology),
            blame: List::new(&w.blame),
            ownership: List::new(&w.ownership),
            negations: List::new(&w.negations),
            negations_after: List::new(&w.negations_after),
            apologies: List::new(&w.apologies),
            intensifiers: List::new(&w.intensifiers),
            speculation: List::new(&w.speculation),
            promises: List::new(&w.promises),
            admissions: List::new(&w.admissions),
            minimisers: List::new(&w.minimisers),
            evasions: List::new(&w.evasions),
            cold_openers: List::new(&w.cold_openers),
            repeat_explained: List::new(&w.repeat_explained),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::matcher::tokens;
    use super::*;

    /// What a list found before it was indexed: every phrase tried at every
    /// token, all matches sorted by place, longest first, overlaps dropped.
    fn naive(list: &List, toks: &[Token]) -> Vec<Match> {
        let mut all: Vec<Match> = list.phrases.iter().flat_map(|p| p.find(toks)).collect();
        all.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Match> = Vec::new();
        for m in all {
            if out.last().is_none_or(|last| m.start >= last.end) {
                out.push(m);
            }
        }
        out
    }

    #[test]
    fn the_index_finds_what_every_phrase_at_every_token_finds() {
        // Real texts in three languages, and each word list's own phrases
        // run together (every phrase then matches, and many overlap).
        let mut texts: Vec<String> = [
            include_str!("../../samples/batch/incident.yaml"),
            include_str!("../../samples/bad-letter.yaml"),
            include_str!("../../samples/critical-repeat-cs.yaml"),
            include_str!("../../samples/critical-vi.yaml"),
            include_str!("../../samples/major-within-control.yaml"),
        ]
        .iter()
        .map(|t| (*t).to_owned())
        .collect();
        let mut checked = 0;
        for (name, text) in crate::render::templates::BUILTIN {
            if !name.starts_with("lint/") {
                continue;
            }
            let words = Words::parse(text).unwrap();
            let lists = words.lists();
            let all = [
                &words.hedges,
                &words.non_apology,
                &words.blame,
                &words.ownership,
                &words.negations,
                &words.negations_after,
                &words.apologies,
                &words.intensifiers,
                &words.speculation,
                &words.promises,
                &words.admissions,
                &words.minimisers,
                &words.evasions,
                &words.cold_openers,
                &words.repeat_explained,
            ];
            let phrases: Vec<String> = all.iter().flat_map(|l| l.iter().cloned()).collect();
            texts.push(phrases.join(" "));
            texts.push(phrases.join(". "));
            texts.push(
                phrases
                    .iter()
                    .rev()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" x "),
            );
            for list in [
                &lists.hedges,
                &lists.non_apology,
                &lists.blame,
                &lists.ownership,
                &lists.negations,
                &lists.negations_after,
                &lists.apologies,
                &lists.intensifiers,
                &lists.speculation,
                &lists.promises,
                &lists.admissions,
                &lists.minimisers,
                &lists.evasions,
                &lists.cold_openers,
                &lists.repeat_explained,
            ] {
                for text in &texts {
                    let toks = tokens(text);
                    let expected = naive(list, &toks);
                    assert_eq!(list.find(&toks), expected, "{name}");
                    assert_eq!(list.any(&toks), !expected.is_empty(), "{name}");
                    checked += expected.len();
                    // A slice, as the rules search sentences.
                    let half = &toks[toks.len() / 3..toks.len() / 2];
                    assert_eq!(list.find(half), naive(list, half), "{name}");
                }
            }
        }
        assert!(checked > 1000, "only {checked} matches compared");
    }
}
