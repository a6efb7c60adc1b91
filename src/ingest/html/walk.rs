//! One pass over a parsed page: the text blocks outside furniture, and the raw metadata
//! (`<title>`, `<meta>`, canonical link, JSON-LD, `<html lang>`, `<time datetime>`).
//!
//! The tree is walked with an explicit stack (ego-tree's `traverse`), never by recursion, so a
//! page nested ten thousand deep cannot overflow the stack. A block is the text between two
//! block-level boundaries (`<p>`, `<div>`, `<li>`, `<h2>`, `<br>`, ...), whitespace collapsed
//! (no-break spaces kept, soft hyphens and zero-width characters dropped), with the count of
//! its characters inside links. A furniture subtree ([`classify`]) is passed over whole.

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

use super::furniture::{classify, Skip};

/// What kind of element a block's text sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    Paragraph,
    Heading(u8),
    Item,
    Cell,
    /// Text directly inside a `<div>`, `<section>`, `<td>`-less table, ...
    Other,
}

/// A run of text between block boundaries.
#[derive(Clone, Debug)]
pub struct Block {
    pub text: String,
    pub chars: usize,
    pub link_chars: usize,
    /// The innermost block element around the text.
    pub owner: NodeId,
    pub tag: Tag,
}

impl Block {
    /// The share of the text inside links, 0 to 1.
    pub fn link_density(&self) -> f64 {
        self.link_chars as f64 / self.chars.max(1) as f64
    }
}

/// A `<time datetime>` outside dropped furniture.
#[derive(Clone, Debug)]
pub struct Stamp {
    pub node: NodeId,
    pub datetime: String,
}

/// What one walk found.
#[derive(Debug, Default)]
pub struct Page {
    pub blocks: Vec<Block>,
    pub lang: Option<String>,
    pub title: Option<String>,
    /// `<meta>` (and `itemprop="datePublished"`) keys, lowercased, with their content, in order.
    pub metas: Vec<(String, String)>,
    pub canonical: Option<String>,
    pub json_ld: Vec<String>,
    pub stamps: Vec<Stamp>,
    /// `<article>` elements and `itemprop="articleBody"` elements outside furniture.
    pub articles: Vec<NodeId>,
    pub bodies: Vec<NodeId>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    Title,
    JsonLd,
}

struct Walker {
    page: Page,
    by_name: bool,
    skip: Option<(NodeId, Skip)>,
    capture: Option<(NodeId, Capture)>,
    captured: String,
    open_blocks: Vec<(NodeId, Tag)>,
    links: usize,
    articles_open: usize,
    current: String,
    chars: usize,
    link_chars: usize,
    space: bool,
}

/// Walks `html`; `by_name` enables the class and id furniture rules.
pub fn walk(html: &Html, by_name: bool) -> Page {
    walk_from(html.tree.root(), by_name)
}

/// Walks the subtree at `root` (a whole document, or a fragment's root).
pub fn walk_from(root: NodeRef<'_, Node>, by_name: bool) -> Page {
    let mut walker = Walker {
        page: Page::default(),
        by_name,
        skip: None,
        capture: None,
        captured: String::new(),
        open_blocks: Vec::new(),
        links: 0,
        articles_open: 0,
        current: String::new(),
        chars: 0,
        link_chars: 0,
        space: false,
    };
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => walker.open(node, el),
                Node::Text(text) => walker.text(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    walker.close(node.id(), el);
                }
            }
        }
    }
    walker.flush();
    walker.page
}

/// The block kind of an element name, `None` for inline elements.
fn block_tag(name: &str) -> Option<Tag> {
    let tag = match name {
        "p" | "blockquote" | "pre" | "address" => Tag::Paragraph,
        "h1" => Tag::Heading(1),
        "h2" => Tag::Heading(2),
        "h3" => Tag::Heading(3),
        "h4" => Tag::Heading(4),
        "h5" => Tag::Heading(5),
        "h6" => Tag::Heading(6),
        "li" | "dd" | "dt" => Tag::Item,
        "td" | "th" => Tag::Cell,
        "div" | "section" | "article" | "main" | "body" | "html" | "header" | "footer" | "ul"
        | "ol" | "dl" | "table" | "tbody" | "thead" | "tfoot" | "tr" | "caption" | "center"
        | "details" | "summary" | "fieldset" | "legend" | "hgroup" | "form" | "hr" | "figure"
        | "figcaption" | "nav" | "aside" | "menu" | "dialog" | "frameset" | "frame" => Tag::Other,
        _ => return None,
    };
    Some(tag)
}

impl Walker {
    fn open(&mut self, node: NodeRef<'_, Node>, el: &Element) {
        self.metadata(node.id(), el);
        if self.skip.is_some() {
            return;
        }
        let name = el.name();
        if let Some(kind) = classify(node, el, self.by_name, self.articles_open > 0) {
            if block_tag(name).is_some() {
                self.flush();
            }
            self.skip = Some((node.id(), kind));
            return;
        }
        match name {
            "a" => self.links += 1,
            "article" => self.articles_open += 1,
            "br" => self.flush(),
            _ => {}
        }
        if let Some(tag) = block_tag(name) {
            self.flush();
            self.open_blocks.push((node.id(), tag));
        }
    }

    fn close(&mut self, id: NodeId, el: &Element) {
        if self.capture.is_some_and(|(at, _)| at == id) {
            self.end_capture();
        }
        if let Some((at, _)) = self.skip {
            if at == id {
                self.skip = None;
            }
            return;
        }
        let name = el.name();
        match name {
            "a" => self.links = self.links.saturating_sub(1),
            "article" => self.articles_open = self.articles_open.saturating_sub(1),
            _ => {}
        }
        if block_tag(name).is_some() {
            self.flush();
            self.open_blocks.pop();
        }
    }

    /// Records the metadata an element carries, furniture or not (a `<time>` only outside
    /// dropped furniture).
    fn metadata(&mut self, id: NodeId, el: &Element) {
        let in_drop = self.skip.is_some_and(|(_, kind)| kind == Skip::Drop);
        match el.name() {
            "html" if self.page.lang.is_none() => {
                self.page.lang = el.attr("lang").or(el.attr("xml:lang")).map(str::to_string);
            }
            "meta" => {
                let key = el
                    .attr("property")
                    .or(el.attr("name"))
                    .or(el.attr("itemprop"))
                    .or(el.attr("http-equiv"));
                if let (Some(key), Some(content)) = (key, el.attr("content")) {
                    self.page
                        .metas
                        .push((key.to_ascii_lowercase(), content.to_string()));
                }
            }
            "link" if self.page.canonical.is_none() => {
                let canonical = el.attr("rel").is_some_and(|r| {
                    r.split_ascii_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("canonical"))
                });
                if canonical {
                    self.page.canonical = el.attr("href").map(str::to_string);
                }
            }
            "title"
                if self.page.title.is_none() && self.skip.is_none() && self.capture.is_none() =>
            {
                self.start_capture(id, Capture::Title);
            }
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) =>
            {
                self.start_capture(id, Capture::JsonLd);
            }
            "time" if !in_drop => {
                if let Some(datetime) = el.attr("datetime") {
                    self.page.stamps.push(Stamp {
                        node: id,
                        datetime: datetime.to_string(),
                    });
                }
            }
            "article" if self.skip.is_none() => self.page.articles.push(id),
            _ => {}
        }
        if let Some(prop) = el.attr("itemprop") {
            if prop.eq_ignore_ascii_case("articleBody") && self.skip.is_none() {
                self.page.bodies.push(id);
            } else if prop.eq_ignore_ascii_case("datePublished") && el.name() != "meta" {
                if let Some(value) = el.attr("content").or(el.attr("datetime")) {
                    self.page
                        .metas
                        .push(("datepublished".into(), value.to_string()));
                }
            }
        }
    }

    fn start_capture(&mut self, id: NodeId, kind: Capture) {
        self.capture = Some((id, kind));
        self.captured.clear();
    }

    fn end_capture(&mut self) {
        let text = std::mem::take(&mut self.captured);
        match self.capture.take() {
            Some((_, Capture::Title)) => {
                let title = text.split_whitespace().collect::<Vec<_>>().join(" ");
                self.page.title = (!title.is_empty()).then_some(title);
            }
            Some((_, Capture::JsonLd)) => self.page.json_ld.push(text),
            None => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.capture.is_some() {
            self.captured.push_str(text);
            return;
        }
        if self.skip.is_some() {
            return;
        }
        for c in text.chars() {
            if matches!(
                c,
                '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}'
            ) {
                continue;
            }
            if c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}') {
                self.space = true;
                continue;
            }
            if self.space && !self.current.is_empty() {
                self.current.push(' ');
                self.chars += 1;
            }
            self.space = false;
            self.current.push(c);
            self.chars += 1;
            if self.links > 0 {
                self.link_chars += 1;
            }
        }
    }

    /// Ends the block being read, if it has text.
    fn flush(&mut self) {
        self.space = false;
        let text = std::mem::take(&mut self.current);
        let (chars, link_chars) = (self.chars, self.link_chars);
        self.chars = 0;
        self.link_chars = 0;
        if let (false, Some(&(owner, tag))) = (text.is_empty(), self.open_blocks.last()) {
            self.page.blocks.push(Block {
                text,
                chars,
                link_chars,
                owner,
                tag,
            });
        }
    }
}
