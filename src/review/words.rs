//! The word lists of one language (`templates/lint/<language>.yaml`), parsed
//! into phrases once.

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
}

impl Words {
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

/// One list, its phrases parsed.
#[derive(Debug, Clone)]
pub struct List(Vec<Phrase>);

impl List {
    /// Parses every phrase of a list.
    #[must_use]
    pub fn new(phrases: &[String]) -> List {
        List(phrases.iter().map(|p| Phrase::parse(p)).collect())
    }

    /// Every match of any phrase, in text order, overlaps dropped (the
    /// longest match at a place wins).
    #[must_use]
    pub fn find(&self, toks: &[Token]) -> Vec<Match> {
        let mut all: Vec<Match> = self.0.iter().flat_map(|p| p.find(toks)).collect();
        all.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Match> = Vec::new();
        for m in all {
            if out.last().is_none_or(|last| m.start >= last.end) {
                out.push(m);
            }
        }
        out
    }

    /// Whether any phrase occurs in `toks`.
    #[must_use]
    pub fn any(&self, toks: &[Token]) -> bool {
        self.0.iter().any(|p| !p.find(toks).is_empty())
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
