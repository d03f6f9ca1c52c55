//! The document outline (bookmarks), nested by heading level.

use pdf_writer::{Name, Pdf, Ref, Str};

use super::super::layout::{Bookmark, Geometry, Pt};
use super::embed::Refs;
use super::pdf_text;

/// Writes a nested outline of the headings; returns the outline root, or
/// `None` for a document without headings.
pub(super) fn write(
    pdf: &mut Pdf,
    refs: &mut Refs,
    bookmarks: &[Bookmark],
    pages: &[Ref],
    g: Geometry,
) -> Option<Ref> {
    if bookmarks.is_empty() {
        return None;
    }
    let root = refs.next();
    let ids: Vec<Ref> = bookmarks.iter().map(|_| refs.next()).collect();
    // The parent of each entry: the nearest earlier entry of a higher level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(ids.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, b) in bookmarks.iter().enumerate() {
        while stack.last().is_some_and(|&p| bookmarks[p].level >= b.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    // Children of each entry (index 0 is the root, entry i is i + 1), built
    // once so the outline stays linear in the number of headings.
    let mut kids_of: Vec<Vec<usize>> = vec![Vec::new(); ids.len() + 1];
    let mut sibling_pos: Vec<usize> = vec![0; ids.len()];
    for (i, p) in parent.iter().enumerate() {
        let list = &mut kids_of[p.map_or(0, |p| p + 1)];
        sibling_pos[i] = list.len();
        list.push(i);
    }
    let children = |p: Option<usize>| -> &[usize] { &kids_of[p.map_or(0, |p| p + 1)] };
    for (i, b) in bookmarks.iter().enumerate() {
        let title = pdf_text(&b.title);
        let mut item = pdf.outline_item(ids[i]);
        // A UTF-16 title, never literal ASCII: a heading that reads
        // "/AmendsStatus (final)" must not look like the Info entry.
        item.pair(Name(b"Title"), Str(&title));
        item.parent(parent[i].map_or(root, |p| ids[p]));
        let siblings = children(parent[i]);
        let pos = sibling_pos[i];
        if pos > 0 {
            item.prev(ids[siblings[pos - 1]]);
        }
        if let Some(next) = siblings.get(pos + 1) {
            item.next(ids[*next]);
        }
        let kids = children(Some(i));
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            item.first(ids[*first]);
            item.last(ids[*last]);
            item.count(i32::try_from(kids.len()).unwrap_or(i32::MAX));
        }
        if let Some(page) = pages.get(b.page) {
            item.dest()
                .page(*page)
                .xyz(0.0, (g.height - b.y + Pt(4.0)).0, None);
        }
    }
    let top = children(None);
    let mut outline = pdf.outline(root);
    if let (Some(first), Some(last)) = (top.first(), top.last()) {
        outline.first(ids[*first]);
        outline.last(ids[*last]);
    }
    outline.count(i32::try_from(top.len()).unwrap_or(i32::MAX));
    Some(root)
}
