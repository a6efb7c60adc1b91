//! An HTML page to a draft: its metadata ([`meta`]) and its main text without page furniture.
//!
//! Pages are parsed by `html5ever` (through `scraper`, for its tree), the parser of the HTML
//! standard: broken markup (unclosed `<p>`, stray tags, missing `<body>`) is repaired as
//! browsers repair it, and entities are decoded. `tl` parses ten times faster (700 MB/s against
//! 80 on the test pages) but says itself that it does not follow the standard and may drop
//! invalid tags with what they hold; `lol_html` follows it but streams, with no tree to choose a
//! container in. Then:
//! 1. [`walk`]: one pass collects the text blocks outside furniture ([`furniture`]: navigation,
//!    headers and footers, comments, share buttons, cookie and newsletter boxes, related links,
//!    captions, bylines, by tag and by class or id words) and the metadata;
//! 2. [`select`]: the container of the article is chosen and its blocks filtered (link lists,
//!    "Read also"/"Lire aussi" lines, notices, kickers and credits);
//! 3. when that leaves less than [`MIN_ARTICLE_CHARS`], the walk is made again without the
//!    class and id rules (a page whose wrapper is named like furniture), and when that still
//!    finds no [`FALLBACK_MIN_CHARS`], the JSON-LD `articleBody` is taken if it has enough.
//!
//! A page left with no text is [`ErrorKind::NoArticleText`]. Paragraphs are separated by one
//! blank line; a `<br>` ends a paragraph too.
//!
//! Why by hand: of the Rust extractors compared on the test pages, `dom_smoothie` (a port of
//! readability.js, 26 MB/s) kept "Read also" lines, "Advertisement" labels, datelines and, on a
//! table layout, the side columns, and gave a page of links as an article; `trafilatura` (a
//! port of go-trafilatura, 5 MB/s) ran below the speed wanted and joined paragraphs. This
//! extractor keeps the paragraphs, drops that furniture and runs at several times the speed.

mod furniture;
mod meta;
mod select;
mod walk;

use scraper::Html;

use super::{Draft, ErrorKind};
pub use meta::cut_site_name;

/// A page with less main text than this has no article (a section front, an error page).
pub const MIN_ARTICLE_CHARS: usize = 100;

/// The least text the fallbacks (no class rules, JSON-LD `articleBody`) must find to be taken.
pub const FALLBACK_MIN_CHARS: usize = 250;

/// The draft of the page `text`, fetched from `base` when known (it resolves a relative
/// canonical link). Fails with [`ErrorKind::NoArticleText`] when the page holds no main text.
pub fn extract(text: &str, base: Option<&str>) -> Result<Draft, ErrorKind> {
    let document = Html::parse_document(text);
    let page = walk::walk(&document, true);
    let selection = select::select(&document, &page);
    if selection.chars() >= MIN_ARTICLE_CHARS {
        return Ok(draft(&document, &page, &selection, base, selection.text()));
    }
    let unfiltered = walk::walk(&document, false);
    let second = select::select(&document, &unfiltered);
    if second.chars() >= FALLBACK_MIN_CHARS {
        return Ok(draft(&document, &unfiltered, &second, base, second.text()));
    }
    let body = meta::JsonLd::read(&page.json_ld)
        .body
        .filter(|b| b.chars().count() >= FALLBACK_MIN_CHARS);
    match body {
        Some(body) => Ok(draft(&document, &page, &selection, base, body)),
        None => Err(ErrorKind::NoArticleText),
    }
}

fn draft(
    document: &Html,
    page: &walk::Page,
    selection: &select::Selection<'_>,
    base: Option<&str>,
    body: String,
) -> Draft {
    let meta = meta::metadata(document, page, selection, base);
    Draft {
        title: meta.title,
        publisher: meta.publisher,
        url: meta.url,
        published: meta.published,
        language: meta.language,
        body,
    }
}

/// Whether a text (a JSON body field) is HTML markup rather than plain text.
pub fn is_fragment_markup(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "<p>", "<p ", "</p>", "<br>", "<br/>", "<br />", "</div>", "</li>",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

/// The text of an HTML fragment, its blocks separated by blank lines: all of it (a fragment
/// from a JSON field is the article), only scripts, styles and hidden parts left out.
pub fn fragment_text(fragment: &str) -> String {
    let document = Html::parse_fragment(fragment);
    let page = walk::walk(&document, false);
    let texts: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
    texts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> String {
        extract(html, None).unwrap().body
    }

    const PARAGRAPH: &str =
        "The harbour master said that twenty-three container ships were waiting at anchor, \
                             and that the queue would grow every hour the strike went on.";

    #[test]
    fn paragraphs_whitespace_and_entities() {
        let html = format!(
            "<html><body><article><p>  {PARAGRAPH}\n  </p><p>Caf&eacute;s   &amp; bars\u{a0}: \
             re<b>open</b>ed, she&#8217;s sure.<br>After a break.</p></article></body></html>"
        );
        assert_eq!(
            body(&html),
            format!("{PARAGRAPH}\n\nCafés & bars\u{a0}: reopened, she’s sure.\n\nAfter a break.")
        );
    }

    #[test]
    fn broken_markup_is_repaired() {
        let html = format!("<title>T</title><div><p>{PARAGRAPH}<p>Second <i>paragraph, unclosed.<div>Third, in a div.</div>");
        assert_eq!(
            body(&html),
            format!("{PARAGRAPH}\n\nSecond paragraph, unclosed.\n\nThird, in a div.")
        );
    }

    #[test]
    fn furniture_inside_the_article_is_dropped() {
        let html = format!(
            "<article><h1>Title</h1><p class=kicker>Shipping</p><p>{PARAGRAPH}</p>\
             <div class=share-bar><a href=#>Share on Facebook</a></div>\
             <p>Read also: <a href=/x>Another story about something else</a></p>\
             <ul><li><a href=/a>A link list item</a></li><li><a href=/b>Another one</a></li></ul>\
             <p>{PARAGRAPH}</p><p>Topics: shipping</p></article>"
        );
        assert_eq!(body(&html), format!("{PARAGRAPH}\n\n{PARAGRAPH}"));
    }

    #[test]
    fn an_unmarked_comment_section_ends_the_article() {
        let html = format!(
            "<article><p>{PARAGRAPH}</p><h3>2 Comments</h3><div><p>I was there on Tuesday and the \
             queue of lorries went all the way back to the ring road, it was a disgrace.</p></div>\
             <p>Leave a reply</p></article>"
        );
        assert_eq!(body(&html), PARAGRAPH);
    }

    #[test]
    fn a_wrapper_named_like_furniture_does_not_hide_the_article() {
        let html = format!(
            "<div class=comments-open><div><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div></div>"
        );
        assert_eq!(body(&html), format!("{PARAGRAPH}\n\n{PARAGRAPH}"));
    }

    #[test]
    fn a_page_of_links_has_no_article() {
        let html = "<nav><a href=/>Home</a></nav><ul><li><a href=/a>One story</a></li><li><a href=/b>Two</a></li></ul>";
        assert!(matches!(extract(html, None), Err(ErrorKind::NoArticleText)));
    }

    #[test]
    fn json_ld_article_body_when_the_page_shows_none() {
        let long = PARAGRAPH.repeat(3);
        let html = format!(
            "<script type=application/ld+json>{{\"@type\":\"NewsArticle\",\"headline\":\"H\",\"articleBody\":\"{long}\"}}</script><p>Subscribe to read.</p>"
        );
        let draft = extract(&html, None).unwrap();
        assert_eq!(
            (draft.title.as_deref(), draft.body.as_str()),
            (Some("H"), long.as_str())
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let html = format!("{}<p>{PARAGRAPH}</p>", "<div>".repeat(5_000));
        assert_eq!(body(&html), PARAGRAPH);
    }

    #[test]
    fn fragments() {
        assert!(is_fragment_markup("<p>One</p><p>Two</p>"));
        assert!(!is_fragment_markup("a < b and c > d"));
        assert_eq!(
            fragment_text("<p>One  &amp; only</p><p>Two</p><script>x()</script>"),
            "One & only\n\nTwo"
        );
    }
}
