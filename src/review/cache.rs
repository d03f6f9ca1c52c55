//! The review of the texts a batch's letters share, done once per thread.
//!
//! The rules that read the texts depend on the texts (an edition's, the
//! same for every customer in its language), the word lists and messages of
//! the language, the source they are placed in, and a few facts of the
//! report that a customer does not change ([`Facts`]). A letter's own
//! figures (is the impact small? was the notice late?) come after, per
//! letter (rules::run).

use std::cell::RefCell;
use std::sync::Arc;

use super::Finding;
use super::rules::{self, Facts, Scan};
use super::words::Words;
use crate::read::IncidentFile;

/// Most sets of findings a cache keeps: a batch needs one per edition;
/// when full, it is emptied (memory stays flat whatever the letters vary in).
pub const MAX_ENTRIES: usize = 16;

/// The findings on the texts of `scans`, kept by what they were found with.
/// Not shared between threads (a batch keeps one per thread).
#[derive(Debug)]
pub struct Cache<'s> {
    scans: &'s [Scan<'s>],
    /// The incident file's text the findings are placed in.
    source: &'s str,
    entries: RefCell<Vec<Entry>>,
}

/// One set of findings and exactly what it depends on.
#[derive(Debug)]
struct Entry {
    /// Which of the cache's scans.
    scan: usize,
    /// The word lists and messages (held, so no other list takes their place).
    words: Arc<Words>,
    facts: Facts,
    found: Vec<Finding>,
}

impl<'s> Cache<'s> {
    /// An empty cache for the texts of `scans`, placed in `source` (the
    /// text of the incident file they were read from).
    #[must_use]
    pub fn new(scans: &'s [Scan<'s>], source: &'s str) -> Cache<'s> {
        Cache {
            scans,
            source,
            entries: RefCell::new(Vec::new()),
        }
    }

    /// What the rules on the texts find in `file` (rules::texts), found
    /// once for each file, words and facts; `None` when `file` is not one
    /// of the scans' or `source` is not the cache's.
    pub(super) fn texts(
        &self,
        file: &IncidentFile,
        source: &str,
        words: &Arc<Words>,
        facts: Facts,
    ) -> Option<Vec<Finding>> {
        let scan = self.scans.iter().position(|s| s.is_of(file))?;
        if !(std::ptr::eq(self.source, source) || self.source == source) {
            return None;
        }
        let mut entries = self.entries.borrow_mut();
        let hit = entries
            .iter()
            .find(|e| e.scan == scan && Arc::ptr_eq(&e.words, words) && e.facts == facts);
        if let Some(e) = hit {
            return Some(e.found.clone());
        }
        let found = rules::texts(&self.scans[scan], source, words, &facts);
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.push(Entry {
            scan,
            words: Arc::clone(words),
            facts,
            found: found.clone(),
        });
        Some(found)
    }
}
