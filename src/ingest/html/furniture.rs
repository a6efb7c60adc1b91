//! What page furniture looks like: elements that never hold article text (by tag, ARIA role,
//! hidden state, and the words of their `class` and `id`), and texts that are furniture
//! wherever they stand ("Read also", "Lire aussi", cookie notices, share prompts, bylines).
//!
//! Class and id names are cut into words at `-`, `_` and camelCase humps (`relatedArticles`
//! gives `related`, `articles`) and the words compared with two lists: [`Skip::Drop`] words
//! (navigation, comments, sharing, related links, cookies, newsletters, advertising, ...) and
//! [`Skip::Byline`] words (byline, author, date, caption, kicker, ...), whose text is dropped but
//! whose `<time datetime>` still dates the article. Names that describe a state of the page
//! (`has-sidebar`, `is-sticky`, `no-js`) are ignored, and an element holding the article
//! (`<article>`, `<main>`, `itemprop="articleBody"`, `role="main"`) is never dropped by name.

use std::sync::LazyLock;

use ego_tree::NodeRef;
use regex::Regex;
use scraper::node::Element;
use scraper::Node;

/// Why a subtree is left out of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    /// Byline, date, caption or kicker: the text is dropped, a `<time>` inside still counts.
    Byline,
    /// Never article text, nor its date.
    Drop,
}

/// Whether `el` (at `node`) opens a subtree of furniture. `by_name` enables the class and id
/// rules; `in_article` tells whether an `<article>` is open (its own `<header>` is kept).
pub fn classify(
    node: NodeRef<'_, Node>,
    el: &Element,
    by_name: bool,
    in_article: bool,
) -> Option<Skip> {
    let name = el.name();
    match name {
        "script" | "style" | "noscript" | "template" | "svg" | "math" | "canvas" | "iframe"
        | "object" | "embed" | "video" | "audio" | "map" | "select" | "textarea" | "button"
        | "input" | "label" | "option" | "nav" | "aside" | "footer" | "dialog" | "figure"
        | "menu" => return Some(Skip::Drop),
        "figcaption" => return Some(Skip::Byline),
        "header" if !in_article => return Some(Skip::Drop),
        _ => {}
    }
    if hidden(el) {
        return Some(Skip::Drop);
    }
    if !by_name || matches!(name, "html" | "body" | "main" | "article") || holds_article_marker(el)
    {
        return None;
    }
    let kind = el
        .attr("class")
        .into_iter()
        .flat_map(str::split_ascii_whitespace)
        .chain(el.id())
        .filter_map(name_kind)
        .max()?;
    // An element holding the article is never dropped for its name (`<div class="page
    // comments-open">` around everything).
    (!node
        .descendants()
        .any(|d| d.value().as_element().is_some_and(is_article_element)))
    .then_some(kind)
}

fn hidden(el: &Element) -> bool {
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(role) = el.attr("role") {
        let furniture_role = matches!(
            role.trim().to_ascii_lowercase().as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "dialog"
                | "alertdialog"
                | "search"
                | "menu"
                | "menubar"
                | "toolbar"
                | "tablist"
        );
        if furniture_role {
            return true;
        }
    }
    el.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

fn holds_article_marker(el: &Element) -> bool {
    el.attr("itemprop")
        .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
        || el.attr("role") == Some("main")
}

fn is_article_element(el: &Element) -> bool {
    matches!(el.name(), "article" | "main") || holds_article_marker(el)
}

/// The kind of furniture a class or id name stands for, if any.
pub fn name_kind(name: &str) -> Option<Skip> {
    let lower = name.to_ascii_lowercase().replace('_', "-");
    if whole_name_is_furniture(&lower) {
        return Some(Skip::Drop);
    }
    let words = words(name);
    if words.first().is_some_and(|w| is_state_word(w)) {
        return None;
    }
    words.iter().filter_map(|w| word_kind(w)).max()
}

/// The words of a class or id name: cut at `-`, `_`, digits and lower-to-upper humps, lowercased.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        let hump = c.is_ascii_uppercase() && previous_lower;
        if (!c.is_ascii_alphabetic() || hump) && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if c.is_ascii_alphabetic() {
            word.push(c.to_ascii_lowercase());
        }
        previous_lower = c.is_ascii_lowercase();
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn whole_name_is_furniture(name: &str) -> bool {
    matches!(
        name,
        "read-also"
            | "readalso"
            | "lire-aussi"
            | "lireaussi"
            | "a-lire"
            | "alire"
            | "a-lire-aussi"
            | "see-also"
            | "also-read"
            | "read-more"
            | "more-stories"
            | "more-news"
            | "most-read"
            | "mostread"
            | "most-popular"
            | "plus-lus"
            | "les-plus-lus"
            | "lesen-sie-auch"
            | "mehr-zum-thema"
            | "auch-interessant"
            | "leggi-anche"
            | "lee-tambien"
            | "leia-tambem"
            | "sr-only"
            | "visually-hidden"
            | "screen-reader-text"
            | "skip-link"
            | "top-bar"
            | "colonne-droite"
            | "right-column"
            | "left-column"
            | "author-bio"
    )
}

fn is_state_word(word: &str) -> bool {
    matches!(
        word,
        "has"
            | "is"
            | "no"
            | "with"
            | "js"
            | "show"
            | "enable"
            | "disable"
            | "theme"
            | "layout"
            | "template"
            | "single"
    )
}

fn word_kind(word: &str) -> Option<Skip> {
    let kind = match word {
        "nav" | "navbar" | "navigation" | "menu" | "menus" | "submenu" | "topnav" | "topbar"
        | "breadcrumb" | "breadcrumbs" | "crumbs" | "footer" | "sidebar" | "aside" | "widget"
        | "widgets" | "leftcol" | "rightcol" | "rightcolumn" | "leftcolumn" | "masthead"
        | "comment" | "comments" | "commentaire" | "commentaires" | "kommentar" | "kommentare"
        | "commenti" | "comentarios" | "disqus" | "respond" | "replies" | "share" | "shares"
        | "sharing" | "sharebar" | "social" | "socials" | "partage" | "partager" | "teilen"
        | "condividi" | "compartir" | "related" | "relacionados" | "correlati" | "recommended"
        | "recommendations" | "recirculation" | "outbrain" | "taboola" | "cookie" | "cookies"
        | "consent" | "gdpr" | "cmp" | "didomi" | "onetrust" | "newsletter" | "newsletters"
        | "subscribe" | "subscription" | "signup" | "abonnement" | "promo" | "promos"
        | "promotion" | "advert" | "adverts" | "advertisement" | "advertising" | "ad" | "ads"
        | "adsense" | "adslot" | "dfp" | "sponsor" | "sponsored" | "anzeige" | "anzeigen"
        | "werbung" | "publicite" | "pubblicita" | "banner" | "popup" | "modal" | "overlay"
        | "toolbar" | "pagination" | "pager" | "paywall" | "captcha" | "recaptcha" | "tags"
        | "tagcloud" | "keywords" | "trending" | "popular" | "copyright" | "login" | "signin"
        | "search" | "hidden" => Skip::Drop,
        "byline" | "bylines" | "author" | "authors" | "auteur" | "auteurs" | "autor"
        | "autoren" | "signature" | "date" | "dateline" | "time" | "timestamp" | "meta"
        | "info" | "infos" | "caption" | "captions" | "credit" | "credits" | "legend"
        | "legende" | "kicker" | "dachzeile" | "surtitre" | "overline" | "eyebrow" | "header"
        | "bio" | "avatar" => Skip::Byline,
        _ => return None,
    };
    Some(kind)
}

/// Blocks at most this long are tested against the furniture phrases.
pub const SHORT_BLOCK_CHARS: usize = 300;

/// Whether a block of text is furniture wherever it stands: a "read also" line, a cookie,
/// newsletter, share or copyright notice, a captcha prompt, a byline or a photo credit.
pub fn is_furniture_text(text: &str, chars: usize) -> bool {
    if chars > SHORT_BLOCK_CHARS {
        return false;
    }
    let folded: String = text.to_lowercase().replace(['\u{a0}', '\u{202f}'], " ");
    let folded = folded.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '©');
    if chars <= 200 && READ_ALSO.iter().any(|p| starts_with_words(folded, p)) {
        return true;
    }
    if NOTICES.iter().any(|p| folded.contains(p)) {
        return true;
    }
    if chars <= 200
        && (folded.starts_with('©')
            || folded.starts_with("(c) ")
            || folded.starts_with("copyright "))
    {
        return true;
    }
    if chars <= 150 && CREDITS.iter().any(|p| folded.starts_with(p)) {
        return true;
    }
    is_byline(folded, chars)
}

/// Whether a block opens a comment section ("3 comments", "Kommentare (2)", "Leave a
/// comment", "Réagir à cet article"): nothing after it is the article.
pub fn opens_comments(text: &str, chars: usize) -> bool {
    static OPENERS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(?:\d+\s+)?(?:comments?|commentaires?|kommentare?|commenti|comentarios|reacties|reactions?|réactions?|leave a (?:comment|reply)|add a comment|post a comment|join the discussion|laisser un commentaire|réagir à cet article|kommentar schreiben|lascia un commento|deja un comentario)(?:\s*\(\d+\))?\s*:?$",
        )
        .expect("comments pattern")
    });
    chars <= 60 && OPENERS.is_match(text.trim())
}

/// `text` starts with the words `prefix`, followed by the end or by something not a letter.
fn starts_with_words(text: &str, prefix: &str) -> bool {
    text.strip_prefix(prefix)
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// "By Alice Fenwick", "Par Claire Moreau", "Von Jonas Brandt": short, no sentence.
fn is_byline(folded: &str, chars: usize) -> bool {
    const OPENERS: [&str; 7] = ["by ", "par ", "von ", "por ", "di ", "door ", "de "];
    chars <= 80
        && folded.split_whitespace().count() <= 10
        && OPENERS.iter().any(|o| folded.starts_with(o))
        && !ends_like_sentence(folded)
}

/// Whether a text ends as a sentence does (`.`, `!`, `?`, `…`, or a closing quote).
pub fn ends_like_sentence(text: &str) -> bool {
    text.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| ".!?…»\"”’)".contains(c))
}

const READ_ALSO: &[&str] = &[
    "read also",
    "also read",
    "read more",
    "see also",
    "related:",
    "related articles",
    "related stories",
    "related content",
    "related coverage",
    "related news",
    "related links",
    "more on this",
    "recommended for you",
    "recommended articles",
    "recommended stories",
    "you may also like",
    "you might also like",
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "à lire également",
    "lire également",
    "voir aussi",
    "à voir aussi",
    "sur le même sujet",
    "lesen sie auch",
    "lesen sie mehr",
    "auch interessant",
    "mehr zum thema",
    "das könnte sie auch interessieren",
    "weiterlesen",
    "leggi anche",
    "vedi anche",
    "potrebbe interessarti",
    "lee también",
    "leer más",
    "te puede interesar",
    "ver también",
    "leia também",
    "leia mais",
    "veja também",
    "lees ook",
    "lees meer",
];

const NOTICES: &[&str] = &[
    "we use cookies",
    "this site uses cookies",
    "this website uses cookies",
    "uses cookies",
    "nous utilisons des cookies",
    "utilise des cookies",
    "utilisation de cookies",
    "wir verwenden cookies",
    "verwendet cookies",
    "utilizziamo i cookie",
    "utilizza cookie",
    "utilizamos cookies",
    "all rights reserved",
    "tous droits réservés",
    "alle rechte vorbehalten",
    "tutti i diritti riservati",
    "todos los derechos reservados",
    "sign up to our newsletter",
    "sign up for our newsletter",
    "subscribe to our newsletter",
    "inscrivez-vous à notre newsletter",
    "abonnez-vous à notre newsletter",
    "newsletter abonnieren",
    "not a robot",
    "pas un robot",
    "kein roboter",
    "non sono un robot",
    "no soy un robot",
    "share on facebook",
    "share on twitter",
    "partager sur facebook",
    "auf facebook teilen",
    "enable javascript",
    "activez javascript",
    "javascript aktivieren",
    "your browser does not support",
];

const CREDITS: &[&str] = &[
    "photo:",
    "photo :",
    "photos:",
    "foto:",
    "fotos:",
    "bild:",
    "image:",
    "picture:",
    "credit:",
    "crédit photo",
    "credit photo",
    "illustration :",
    "illustration:",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names() {
        let drop = [
            "main-nav",
            "cookie-banner",
            "relatedArticles",
            "share_tools",
            "a-lire-aussi",
            "adSlot",
            "comment-form",
        ];
        for name in drop {
            assert_eq!(name_kind(name), Some(Skip::Drop), "{name}");
        }
        for name in ["byline", "story-meta", "auteur", "dachzeile"] {
            assert_eq!(name_kind(name), Some(Skip::Byline), "{name}");
        }
        for name in [
            "story-body",
            "has-sidebar",
            "no-js",
            "headline",
            "article-text",
            "shadow",
            "update",
            "download",
        ] {
            assert_eq!(name_kind(name), None, "{name}");
        }
    }

    #[test]
    fn comment_section_openers() {
        for text in [
            "3 comments",
            "Kommentare (2)",
            "Leave a comment",
            "Réagir à cet article",
            "Comments:",
        ] {
            assert!(opens_comments(text, text.chars().count()), "{text}");
        }
        for text in [
            "No comment from the ministry.",
            "Comments by the mayor drew applause",
        ] {
            assert!(!opens_comments(text, text.chars().count()), "{text}");
        }
    }

    #[test]
    fn furniture_texts() {
        let furniture = [
            "Read also: Ferry fares to rise by a tenth in April",
            "Lire aussi\u{a0}: Les digues de l’Orvane",
            "À lire aussi",
            "Lesen Sie auch",
            "Related articles",
            "We use cookies to improve your experience.",
            "© 2025 The Coastal Ledger. All rights reserved.",
            "By Alice Fenwick, Business reporter",
            "Par Claire Moreau",
            "Photo: Coastal Ledger",
        ];
        for text in furniture {
            assert!(is_furniture_text(text, text.chars().count()), "{text}");
        }
        let article = [
            "By midday, 23 container ships were waiting at anchor off the breakwater.",
            "Related talks between the union and the company ended without agreement, both sides said on Monday evening.",
            "Par ailleurs, la préfecture a ouvert un centre d'accueil.",
        ];
        for text in article {
            assert!(!is_furniture_text(text, text.chars().count()), "{text}");
        }
    }
}
