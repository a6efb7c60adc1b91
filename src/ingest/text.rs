//! Plain text and Markdown files to drafts.
//!
//! Plain text is kept as written (line ends made `\n`, blank lines at both ends dropped): it
//! has no title, and its language is detected.
//!
//! Markdown is read for what a reader sees: an optional front matter (`---` lines around
//! `title:`, `date:`, `url:`, `lang:`, `publisher:`) gives metadata; the first level-1 heading
//! (`# Title`, or a line underlined with `===`) is the title and leaves the body; in the rest,
//! heading marks, emphasis, inline code marks, images, and link targets are removed (a link
//! keeps its text), lines of one paragraph are joined, and each list item or quoted line
//! becomes a paragraph of its own. Paragraphs are separated by one blank line.

use std::sync::LazyLock;

use regex::Regex;

use super::{dates, Draft};

/// A plain text file's draft: the text itself as the body.
pub fn plain(text: &str) -> Draft {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    Draft {
        body: trim_blank_lines(&text).to_string(),
        ..Draft::default()
    }
}

fn trim_blank_lines(text: &str) -> &str {
    let start = text
        .char_indices()
        .take_while(|(_, c)| c.is_whitespace())
        .filter(|(_, c)| *c == '\n')
        .last()
        .map_or(0, |(i, _)| i + 1);
    text[start..].trim_end()
}

/// A Markdown file's draft (see the module documentation for what is kept).
pub fn markdown(text: &str) -> Draft {
    let text = text.replace("\r\n", "\n");
    let (mut draft, rest) = front_matter(&text);
    let lines: Vec<&str> = rest.lines().collect();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        let underlined = lines.get(i + 1).is_some_and(|next| is_underline(next, '='));
        if draft.title.is_none() && (line.starts_with("# ") || (underlined && !line.is_empty())) {
            draft.title = Some(inline(
                line.trim_start_matches('#').trim_end_matches('#').trim(),
            ));
            i += if underlined { 2 } else { 1 };
            continue;
        }
        i += 1;
        if line.is_empty() || is_rule(line) || is_underline(line, '=') || is_underline(line, '-') {
            flush(&mut current, &mut paragraphs);
        } else if let Some(item) = own_paragraph(line) {
            flush(&mut current, &mut paragraphs);
            current.push(inline(item));
            flush(&mut current, &mut paragraphs);
        } else if !line.starts_with("[") || !REFERENCE.is_match(line) {
            current.push(inline(line));
        }
    }
    flush(&mut current, &mut paragraphs);
    draft.body = paragraphs.join("\n\n");
    draft
}

static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[[^\]]+\]:\s*\S+").expect("reference pattern"));

fn flush(current: &mut Vec<String>, paragraphs: &mut Vec<String>) {
    let joined = current.join(" ");
    let joined = joined.trim();
    if !joined.is_empty() {
        paragraphs.push(joined.to_string());
    }
    current.clear();
}

/// `---`, `***`, `___` (three or more, spaces allowed).
fn is_rule(line: &str) -> bool {
    let marks: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3
        && ['-', '*', '_']
            .iter()
            .any(|&m| marks.chars().all(|c| c == m))
}

fn is_underline(line: &str, mark: char) -> bool {
    let line = line.trim();
    line.len() >= 2 && line.chars().all(|c| c == mark)
}

/// The text of a line that is a paragraph alone: a heading, list item or quoted line, without
/// its mark.
fn own_paragraph(line: &str) -> Option<&str> {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:#{1,6}\s+|[-*+]\s+|\d{1,3}[.)]\s+|>\s*)").expect("item pattern")
    });
    let mark = ITEM.find(line)?;
    Some(line[mark.end()..].trim_end_matches('#').trim())
}

/// Inline Markdown to text: images dropped, links to their text, emphasis and code marks off.
fn inline(text: &str) -> String {
    static IMAGE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\([^)]*\)").expect("image pattern"));
    static LINK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])").expect("link pattern")
    });
    static STRONG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\*\*([^*]+)\*\*|__([^_]+)__").expect("strong pattern"));
    static EMPHASIS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\*([^*\s][^*]*)\*|\b_([^_\s][^_]*)_\b").expect("emphasis pattern")
    });
    static CODE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"`([^`]*)`").expect("code pattern"));
    let text = IMAGE.replace_all(text, "");
    let text = LINK.replace_all(&text, "$1");
    let text = STRONG.replace_all(&text, "$1$2");
    let text = EMPHASIS.replace_all(&text, "$1$2");
    let text = CODE.replace_all(&text, "$1");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The metadata of a YAML front matter at the start of `text`, and the text after it.
fn front_matter(text: &str) -> (Draft, &str) {
    let mut draft = Draft::default();
    let Some(rest) = text.strip_prefix("---\n") else {
        return (draft, text);
    };
    let Some(end) = rest.find("\n---") else {
        return (draft, text);
    };
    for line in rest[..end].lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        let value = (!value.is_empty()).then(|| value.to_string());
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => draft.title = value,
            "date" | "published" | "pubdate" => {
                draft.published = value.and_then(|v| dates::normalize(&v))
            }
            "url" | "link" | "canonical" => draft.url = value,
            "lang" | "language" | "locale" => draft.language = value,
            "publisher" | "site" | "source" => draft.publisher = value,
            _ => {}
        }
    }
    let after = &rest[end + 4..];
    (draft, after.strip_prefix('\n').unwrap_or(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_kept_as_written() {
        let draft = plain(
            "\r\n\r\n  Indented first line.\r\nSecond line.\r\n\r\nNext paragraph.  \r\n\r\n",
        );
        assert_eq!(
            draft.body,
            "  Indented first line.\nSecond line.\n\nNext paragraph."
        );
        assert_eq!(draft.title, None);
    }

    #[test]
    fn markdown_title_and_markup() {
        let md = "# Dock workers *walk out*\n\nAbout **1,400** workers walked off\nthe job at \
                  [the port](https://example.org/port).\n\n![cranes](c.jpg)\n\n## Talks set for \
                  Thursday\n\n- first item\n- second `item`\n\n> A quoted line\n\n---\n\n[1]: https://example.org\nEnd.\n";
        let draft = markdown(md);
        assert_eq!(draft.title.as_deref(), Some("Dock workers walk out"));
        assert_eq!(
            draft.body,
            "About 1,400 workers walked off the job at the port.\n\nTalks set for Thursday\n\n\
             first item\n\nsecond item\n\nA quoted line\n\nEnd."
        );
    }

    #[test]
    fn markdown_front_matter_and_setext_title() {
        let md = "---\ntitle: \"From the front matter\"\ndate: 2025-03-04T09:00:00Z\nlang: fr\nurl: https://example.org/a\n---\nAnother title\n=============\n\nBody text with snake_case_words.\n";
        let draft = markdown(md);
        assert_eq!(draft.title.as_deref(), Some("From the front matter"));
        assert_eq!(draft.published.as_deref(), Some("2025-03-04"));
        assert_eq!(draft.language.as_deref(), Some("fr"));
        assert_eq!(draft.url.as_deref(), Some("https://example.org/a"));
        // The title is taken: the underlined line stays, as a paragraph.
        assert_eq!(
            draft.body,
            "Another title\n\nBody text with snake_case_words."
        );
    }
}
