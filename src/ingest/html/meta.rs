//! A page's metadata, each field from the first source that has it:
//!
//! | field     | sources, in order                                                              |
//! |-----------|--------------------------------------------------------------------------------|
//! | title     | JSON-LD article `headline`, `og:title`, `twitter:title`, `<title>`, the `<h1>`  |
//! | publisher | `og:site_name`, JSON-LD `publisher.name` (an `@id` followed), `application-name` |
//! | url       | `<link rel="canonical">`, `og:url`, JSON-LD `url` / `mainEntityOfPage`          |
//! | date      | `article:published_time`, JSON-LD `datePublished`, date `<meta>`s, `<time datetime>` in the article, a dateline |
//! | language  | `<html lang>`, `content-language`, `og:locale`, JSON-LD `inLanguage`, `<meta name="language">` |
//!
//! A title loses a " | Site" or " - Site" suffix (or "Site | " prefix) when that part is the
//! publisher's name. JSON-LD is read leniently (CDATA wrappers, raw newlines in strings); an
//! article is an object whose `@type` is `NewsArticle`, `Article`, `BlogPosting` or one of their
//! kin, at the top, in an array or in an `@graph`.

use std::collections::HashMap;

use scraper::Html;
use serde_json::Value;

use super::select::Selection;
use super::walk::{Page, Tag};
use crate::ingest::dates;

/// The fields of a page's metadata.
#[derive(Debug, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
}

/// The value of the first `<meta>` whose key is one of `keys` (earlier keys first).
fn meta<'a>(page: &'a Page, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|key| {
        page.metas
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    })
}

const DATE_KEYS: &[&str] = &[
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.created",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "publication_date",
    "original-publish-date",
    "og:published_time",
];

/// The metadata of `page`, whose main text is `selection`; `base` is where the page was fetched
/// from (to resolve a relative canonical link).
pub fn metadata(html: &Html, page: &Page, selection: &Selection<'_>, base: Option<&str>) -> Meta {
    let ld = JsonLd::read(&page.json_ld);
    let publisher = meta(page, &["og:site_name"])
        .map(str::to_string)
        .or(ld.publisher.clone())
        .or_else(|| meta(page, &["application-name"]).map(str::to_string));
    let h1 = page
        .blocks
        .iter()
        .find(|b| b.tag == Tag::Heading(1))
        .map(|b| b.text.clone());
    let title = ld
        .headline
        .clone()
        .or_else(|| meta(page, &["og:title", "twitter:title"]).map(str::to_string))
        .or(page.title.clone())
        .or(h1)
        .map(|t| cut_site_name(&t, publisher.as_deref()));
    let og_url = meta(page, &["og:url"]);
    let url = page
        .canonical
        .as_deref()
        .and_then(|c| absolutize(c, og_url.or(base)))
        .or_else(|| og_url.and_then(|u| absolutize(u, base)))
        .or(ld.url.clone());
    let published = meta(page, &["article:published_time"])
        .and_then(dates::normalize)
        .or_else(|| ld.date_published.as_deref().and_then(dates::normalize))
        .or_else(|| {
            DATE_KEYS
                .iter()
                .find_map(|k| meta(page, &[k]).and_then(dates::normalize))
        })
        .or_else(|| stamp_date(html, page, selection))
        .or_else(|| dates::dateline(&selection.text()));
    let language = page
        .lang
        .clone()
        .or_else(|| meta(page, &["content-language", "og:locale"]).map(str::to_string))
        .or(ld.language.clone())
        .or_else(|| meta(page, &["language", "dc.language", "lang"]).map(str::to_string));
    Meta {
        title,
        publisher,
        url,
        published,
        language,
    }
}

/// The date of the first `<time datetime>` inside the main text's container or an
/// `<article>`, else of the first one on the page.
fn stamp_date(html: &Html, page: &Page, selection: &Selection<'_>) -> Option<String> {
    let in_article = |id| {
        html.tree.get(id).is_some_and(|n| {
            n.ancestors()
                .any(|a| selection.container.contains(&a.id()) || page.articles.contains(&a.id()))
        })
    };
    let dated = |s: &&super::walk::Stamp| dates::normalize(&s.datetime).is_some();
    let stamp = page
        .stamps
        .iter()
        .filter(dated)
        .find(|s| in_article(s.node))
        .or_else(|| page.stamps.iter().find(dated))?;
    dates::normalize(&stamp.datetime)
}

/// `title` without a separated part equal to the site's name.
pub fn cut_site_name(title: &str, site: Option<&str>) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(site) = site.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")) else {
        return title;
    };
    let same = |part: &str| part.trim().to_lowercase() == site.to_lowercase();
    for sep in [
        " | ", " - ", " – ", " — ", " · ", " :: ", " » ", " / ", " : ",
    ] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if same(tail) && !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if same(head) && !tail.trim().is_empty() {
                return tail.trim().to_string();
            }
        }
    }
    title
}

/// `href` as an absolute http(s) URL, resolved against `base` when it is relative to the host.
fn absolutize(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.starts_with("http://") || href.starts_with("https://") {
        return Some(href.to_string());
    }
    let base = base?;
    let scheme_end = base.find("://")? + 3;
    if let Some(rest) = href.strip_prefix("//") {
        return Some(format!("{}{rest}", &base[..scheme_end]));
    }
    if href.starts_with('/') {
        let host_end = base[scheme_end..]
            .find('/')
            .map_or(base.len(), |i| scheme_end + i);
        return Some(format!("{}{href}", &base[..host_end]));
    }
    None
}

/// What a page's JSON-LD says of its article.
#[derive(Debug, Default)]
pub struct JsonLd {
    pub headline: Option<String>,
    pub date_published: Option<String>,
    pub publisher: Option<String>,
    pub language: Option<String>,
    pub url: Option<String>,
    pub body: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "SatiricalArticle",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
];

impl JsonLd {
    /// The first article object among the `<script type="application/ld+json">` texts.
    pub fn read(scripts: &[String]) -> JsonLd {
        let values: Vec<Value> = scripts.iter().filter_map(|s| parse_lenient(s)).collect();
        let mut objects = Vec::new();
        for value in &values {
            collect_objects(value, &mut objects);
        }
        let by_id: HashMap<&str, &Value> = objects
            .iter()
            .filter_map(|o| Some((o.get("@id")?.as_str()?, *o)))
            .collect();
        let Some(article) = objects.iter().find(|o| is_article(o)) else {
            return JsonLd::default();
        };
        let text = |key: &str| article.get(key).and_then(name_or_text);
        JsonLd {
            headline: text("headline"),
            date_published: text("datePublished"),
            publisher: article
                .get("publisher")
                .and_then(|p| resolve_name(p, &by_id)),
            language: text("inLanguage"),
            url: text("url").or_else(|| article.get("mainEntityOfPage").and_then(id_or_text)),
            body: text("articleBody"),
        }
    }
}

/// Parses JSON-LD as pages write it: inside HTML comments or CDATA, with raw newlines.
fn parse_lenient(script: &str) -> Option<Value> {
    let cleaned: String = script
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    [('{', '}'), ('[', ']')].iter().find_map(|&(open, close)| {
        let start = cleaned.find(open)?;
        let end = cleaned.rfind(close)?;
        serde_json::from_str(cleaned.get(start..=end)?).ok()
    })
}

fn collect_objects<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| collect_objects(v, out)),
        Value::Object(object) => {
            out.push(value);
            if let Some(graph) = object.get("@graph") {
                collect_objects(graph, out);
            }
        }
        _ => {}
    }
}

fn is_article(object: &Value) -> bool {
    let is_type = |t: &Value| {
        t.as_str()
            .map(|t| t.rsplit(['/', ':']).next().unwrap_or(t))
            .is_some_and(|t| ARTICLE_TYPES.contains(&t))
    };
    match object.get("@type") {
        Some(Value::Array(types)) => types.iter().any(is_type),
        Some(t) => is_type(t),
        None => false,
    }
}

/// A string, or the `name` of an object, or the first of an array.
fn name_or_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.as_str(),
        Value::Object(o) => o.get("name")?.as_str()?,
        Value::Array(items) => return items.first().and_then(name_or_text),
        _ => return None,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn id_or_text(value: &Value) -> Option<String> {
    match value {
        Value::Object(o) => o
            .get("@id")
            .or(o.get("url"))
            .and_then(Value::as_str)
            .map(str::to_string),
        other => name_or_text(other),
    }
}

/// A publisher's name, following an `{"@id": ...}` reference to its object.
fn resolve_name(value: &Value, by_id: &HashMap<&str, &Value>) -> Option<String> {
    if let Some(name) = name_or_text(value) {
        return Some(name);
    }
    let first = match value {
        Value::Array(items) => items.first()?,
        other => other,
    };
    let id = first.get("@id")?.as_str()?;
    by_id
        .get(id)
        .and_then(|o| o.get("name"))
        .and_then(name_or_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_are_cut_from_titles() {
        let cases = [
            (
                "Dock strike | The Coastal Ledger",
                Some("The Coastal Ledger"),
                "Dock strike",
            ),
            (
                "Grève à Brestac - Le Courrier du Sud",
                Some("le courrier du sud"),
                "Grève à Brestac",
            ),
            (
                "Lindenauer Rundschau: Stichwahl",
                Some("Lindenauer Rundschau"),
                "Lindenauer Rundschau: Stichwahl",
            ),
            (
                "Lindenauer Rundschau | Stichwahl",
                Some("Lindenauer Rundschau"),
                "Stichwahl",
            ),
            ("Kiev - Kyiv - Kiew", None, "Kiev - Kyiv - Kiew"),
            (
                "Why the cranes matter - Part 2",
                Some("Freight Notes"),
                "Why the cranes matter - Part 2",
            ),
        ];
        for (title, site, want) in cases {
            assert_eq!(cut_site_name(title, site), want, "{title}");
        }
    }

    #[test]
    fn json_ld_graph_with_a_publisher_reference() {
        let script = r##"<!--//--><![CDATA[//><!--
        {"@context": "https://schema.org", "@graph": [
          {"@type": "Organization", "@id": "#org", "name": "Harbour Notes"},
          {"@type": ["WebPage"], "name": "not this"},
          {"@type": "schema:NewsArticle", "headline": "Ferry back", "datePublished": "2025-03-05",
           "publisher": {"@id": "#org"}, "articleBody": "Line one.
Line two.", "mainEntityOfPage": {"@id": "https://example.org/ferry"}}]}
        //--><!]]>"##;
        let ld = JsonLd::read(&[script.to_string()]);
        assert_eq!(ld.headline.as_deref(), Some("Ferry back"));
        assert_eq!(ld.publisher.as_deref(), Some("Harbour Notes"));
        assert_eq!(ld.url.as_deref(), Some("https://example.org/ferry"));
        assert_eq!(ld.body.as_deref(), Some("Line one. Line two."));
    }

    #[test]
    fn relative_links_are_resolved() {
        assert_eq!(
            absolutize("/a/b", Some("https://example.org/x/y")).as_deref(),
            Some("https://example.org/a/b")
        );
        assert_eq!(
            absolutize("//cdn.example.org/a", Some("http://example.org")).as_deref(),
            Some("http://cdn.example.org/a")
        );
        assert_eq!(absolutize("a/b", Some("https://example.org/")), None);
        assert_eq!(absolutize("/a", None), None);
    }
}
