//! From a page's blocks to its main text: choose the element that holds the article, keep the
//! blocks inside it, and drop what is furniture among them.
//!
//! The container is, first found: the `itemprop="articleBody"` element, then the `<article>`,
//! holding the most text (at least [`MIN_CONTAINER_CHARS`]); else the element with the best
//! readability-style score, where each paragraph of 25 characters or more with few links
//! scores 1 + its commas + one per 100 characters (at most 3), for its parent in full, its
//! grandparent by half and the next by a third; siblings of the best scoring at least a fifth
//! as well (and 10) join it.
//!
//! Inside the container, everything from a comment section's heading on ("3 comments", "Leave
//! a comment") is dropped; then a block is dropped when it is the level-1 heading (the title), more
//! than half link text, furniture by its words ([`is_furniture_text`]), or a short line
//! (under [`LONG_BLOCK_CHARS`]) that does not end as a sentence and comes before the first
//! long block (kicker, byline, date) or after the last (tags, credits, "© Agency").

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use scraper::Html;

use super::furniture::{ends_like_sentence, is_furniture_text, opens_comments};
use super::walk::{Block, Page, Tag};

/// The least text an `<article>` or `articleBody` element must hold to be taken as the
/// container without scoring.
pub const MIN_CONTAINER_CHARS: usize = 200;

/// A block this long or longer is article text, not a kicker or a credit line.
pub const LONG_BLOCK_CHARS: usize = 80;

/// Blocks with more link text than this share are lists of links.
pub const MAX_LINK_DENSITY: f64 = 0.5;

/// The chosen container and the blocks of main text, in page order.
pub struct Selection<'a> {
    pub container: HashSet<NodeId>,
    pub blocks: Vec<&'a Block>,
}

impl Selection<'_> {
    pub fn chars(&self) -> usize {
        self.blocks.iter().map(|b| b.chars).sum()
    }

    /// The main text: blocks separated by a blank line.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self.blocks.iter().map(|b| b.text.as_str()).collect();
        texts.join("\n\n")
    }
}

/// The element and its ancestors, nearest first.
fn chain(html: &Html, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
    let node = html.tree.get(id);
    node.into_iter()
        .flat_map(|n| std::iter::once(n.id()).chain(n.ancestors().map(|a| a.id())))
}

/// The main text of `page`.
pub fn select<'a>(html: &Html, page: &'a Page) -> Selection<'a> {
    let container = marked_container(html, page).unwrap_or_else(|| scored_container(html, page));
    let inside: Vec<&Block> = page
        .blocks
        .iter()
        .filter(|b| chain(html, b.owner).any(|id| container.contains(&id)))
        .collect();
    Selection {
        blocks: filter(inside),
        container,
    }
}

/// The `articleBody` or `<article>` element with the most text, when it has enough.
fn marked_container(html: &Html, page: &Page) -> Option<HashSet<NodeId>> {
    let candidates = if page.bodies.is_empty() {
        &page.articles
    } else {
        &page.bodies
    };
    if candidates.is_empty() {
        return None;
    }
    let mut totals: HashMap<NodeId, usize> = candidates.iter().map(|&id| (id, 0)).collect();
    for block in page
        .blocks
        .iter()
        .filter(|b| b.link_density() <= MAX_LINK_DENSITY)
    {
        for id in chain(html, block.owner) {
            if let Some(total) = totals.get_mut(&id) {
                *total += block.chars;
            }
        }
    }
    let (&best, &chars) = totals
        .iter()
        .max_by_key(|(id, chars)| (**chars, std::cmp::Reverse(**id)))?;
    (chars >= MIN_CONTAINER_CHARS).then(|| HashSet::from([best]))
}

/// The best scoring element and its good siblings.
fn scored_container(html: &Html, page: &Page) -> HashSet<NodeId> {
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for block in &page.blocks {
        if block.chars < 25 || block.link_density() > 0.33 || matches!(block.tag, Tag::Heading(_)) {
            continue;
        }
        let commas = block.text.matches([',', '،', '、', '，']).count();
        let score = 1.0 + commas as f64 + (block.chars as f64 / 100.0).min(3.0);
        // Text straight in a <div> or <td> belongs to it; a <p>'s belongs to its parent.
        let skip = usize::from(!matches!(block.tag, Tag::Other | Tag::Cell));
        for (level, id) in chain(html, block.owner).skip(skip).take(3).enumerate() {
            *scores.entry(id).or_default() += score / (level as f64 + 1.0);
        }
    }
    let Some((&top, &best)) = scores
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
    else {
        return HashSet::new();
    };
    let mut container = HashSet::from([top]);
    let threshold = (best * 0.2).max(10.0);
    if let Some(parent) = html.tree.get(top).and_then(|n| n.parent()) {
        for sibling in parent.children().filter(|s| s.id() != top) {
            if scores.get(&sibling.id()).is_some_and(|&s| s >= threshold) {
                container.insert(sibling.id());
            }
        }
    }
    container
}

/// The container's blocks without title, link lists and furniture.
fn filter(blocks: Vec<&Block>) -> Vec<&Block> {
    let kept: Vec<&Block> = blocks
        .into_iter()
        .take_while(|b| !opens_comments(&b.text, b.chars))
        .filter(|b| b.tag != Tag::Heading(1))
        .filter(|b| b.link_density() <= MAX_LINK_DENSITY)
        .filter(|b| !is_furniture_text(&b.text, b.chars))
        .collect();
    let long = |b: &&Block| b.chars >= LONG_BLOCK_CHARS;
    let (Some(first), Some(last)) = (kept.iter().position(long), kept.iter().rposition(long))
    else {
        return kept;
    };
    kept.into_iter()
        .enumerate()
        .filter(|(i, b)| (first..=last).contains(i) || ends_like_sentence(&b.text))
        .map(|(_, b)| b)
        .collect()
}
