//! Reading an article back with what the store knows of it (`factstore show`): its text with
//! every mention, quote and figure marked, as plain text or as one self-contained HTML page.
//! Pure: `cmd::show` reads the source and its rows and hands them over as [`Mark`]s.
//!
//! The text form puts each span between brackets of its kind, `[..]` a mention, `<<..>>` a
//! statement, `{..}` a figure, each closing bracket followed by the span's label (`m1`, `s1`,
//! `f1`, in text order); a legend after the text gives each label's attributes.
//!
//! The page cuts the text at every span boundary, so that each piece lies inside a fixed set of
//! spans, however they nest or overlap; a piece has a class per kind and origin of its spans
//! (highlighted by the page's style: mentions underlined, statements shaded, figures in orange;
//! curated solid, extracted dashed; where both cover a piece, the curated style shows) and the
//! list of its spans. A click on a piece shows the attributes of each span around it;
//! `#mark-N` in the address clicks the first piece of span N on load (a link to a span, and how
//! the browser test clicks).

use std::fmt::Write as _;

use serde::Serialize;

use crate::report::escape;

/// What a span marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Mention,
    Statement,
    Figure,
}

impl Kind {
    fn brackets(self) -> (&'static str, &'static str) {
        match self {
            Kind::Mention => ("[", "]"),
            Kind::Statement => ("<<", ">>"),
            Kind::Figure => ("{", "}"),
        }
    }

    fn letter(self) -> char {
        match self {
            Kind::Mention => 'm',
            Kind::Statement => 's',
            Kind::Figure => 'f',
        }
    }
}

/// One span of the text and what it says.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mark {
    pub kind: Kind,
    /// Code-point offsets into the body, end exclusive.
    pub start: usize,
    pub end: usize,
    pub curated: bool,
    /// Name and value, in the order shown (entity, speaker, metric, value, claimant,
    /// confidence, rule...); empty values are left out by the caller.
    pub attributes: Vec<(String, String)>,
    /// `m1`, `s2`, `f3`: set by [`Article::new`].
    pub label: String,
}

/// A source and its marks.
#[derive(Clone, Debug, Default)]
pub struct Article {
    pub key: String,
    pub title: Option<String>,
    /// Publisher, date, language and URL, as they are known.
    pub about: Vec<String>,
    pub original: Option<String>,
    pub body: String,
    pub marks: Vec<Mark>,
}

impl Article {
    /// The article with its marks in text order (by start, the longer first), labelled.
    pub fn new(mut article: Article) -> Article {
        article
            .marks
            .sort_by(|a, b| (a.start, b.end, a.kind).cmp(&(b.start, a.end, b.kind)));
        let mut counts = [0usize; 3];
        for mark in &mut article.marks {
            let n = &mut counts[mark.kind as usize];
            *n += 1;
            mark.label = format!("{}{n}", mark.kind.letter());
        }
        article
    }

    fn heading(&self) -> String {
        match &self.title {
            Some(title) => format!("{}: {title}", self.key),
            None => self.key.clone(),
        }
    }

    /// "3 mentions, 1 statement, 2 figures (2 curated, 4 extracted)".
    fn tally(&self) -> String {
        let n = |kind| self.marks.iter().filter(|m| m.kind == kind).count();
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let curated = self.marks.iter().filter(|m| m.curated).count();
        format!(
            "{}, {}, {} ({curated} curated, {} extracted)",
            plural(n(Kind::Mention), "mention"),
            plural(n(Kind::Statement), "statement"),
            plural(n(Kind::Figure), "figure"),
            self.marks.len() - curated
        )
    }
}

/// The article as text: heading, metadata, the body with its marks, then the legend.
pub fn text(article: &Article) -> String {
    let mut out = format!("{}\n", article.heading());
    if !article.about.is_empty() {
        let _ = writeln!(out, "{}", article.about.join(" · "));
    }
    if let Some(original) = &article.original {
        let _ = writeln!(out, "a copy of {original}");
    }
    let _ = writeln!(out, "{}\n", article.tally());
    out.push_str(&marked_text(article));
    out.push_str("\n\n");
    for mark in &article.marks {
        let origin = if mark.curated { "curated" } else { "extracted" };
        let attributes: Vec<String> = mark
            .attributes
            .iter()
            .map(|(name, value)| format!("{name}: {value}"))
            .collect();
        let _ = writeln!(
            out,
            "{:<4} {:<9} {origin:<9} {}",
            mark.label,
            format!("{:?}", mark.kind).to_lowercase(),
            attributes.join("; ")
        );
    }
    out
}

/// The body with each mark's brackets and label inserted at its offsets.
fn marked_text(article: &Article) -> String {
    // (offset, closes first, order) so that at one offset spans close before others open, the
    // inner ones first, and open outer first.
    let mut events: Vec<(usize, u8, usize, String)> = Vec::new();
    for (i, mark) in article.marks.iter().enumerate() {
        let (open, close) = mark.kind.brackets();
        events.push((mark.start, 1, i, open.to_string()));
        events.push((
            mark.end,
            0,
            usize::MAX - i,
            format!("{close}{}", mark.label),
        ));
    }
    events.sort();
    let mut out = String::with_capacity(article.body.len() + events.len() * 4);
    let mut next = events.iter().peekable();
    for (at, c) in article
        .body
        .chars()
        .chain(std::iter::once('\0'))
        .enumerate()
    {
        while let Some(event) = next.next_if(|e| e.0 == at) {
            out.push_str(&event.3);
        }
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

/// The pieces of the body between span boundaries: (start, end, the marks covering it).
fn pieces(article: &Article) -> Vec<(usize, usize, Vec<usize>)> {
    let length = article.body.chars().count();
    let mut cuts: Vec<usize> = vec![0, length];
    for mark in &article.marks {
        cuts.push(mark.start.min(length));
        cuts.push(mark.end.min(length));
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let covering = article
                .marks
                .iter()
                .enumerate()
                .filter(|(_, m)| m.start <= w[0] && w[1] <= m.end)
                .map(|(i, _)| i)
                .collect();
            (w[0], w[1], covering)
        })
        .collect()
}

const STYLE: &str = "body{font:16px/1.6 Georgia,serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1f2933;display:grid;grid-template-columns:1fr 18rem;gap:1.5rem}
header{grid-column:1/3}h1{font-size:1.5rem;margin:0 0 .3rem}.about{color:#52606d;font-size:.9rem}
.text{white-space:pre-wrap}.legend{font:13px sans-serif;display:flex;gap:1rem;flex-wrap:wrap;margin-top:.5rem}
.legend span{padding:0 .3rem}aside{font:13px/1.4 sans-serif;position:sticky;top:1rem;align-self:start;border:1px solid #cbd2d9;border-radius:6px;padding:.6rem}
aside table{border-collapse:collapse;width:100%;margin-bottom:.6rem}aside td{border-top:1px solid #e4e7eb;padding:2px 4px;vertical-align:top}
aside th{text-align:left;padding:4px}.seg{cursor:pointer}
.q-e{background:#fef3c7;box-shadow:inset 0 -1px 0 #d4a72c}.q-c{background:#fde68a}
.m-e{border-bottom:2px dashed #2563eb}.m-c{border-bottom:2px solid #2563eb}
.f-e{background:#fed7aa;font-weight:bold;outline:1px dashed #c2410c}.f-c{background:#fb923c;font-weight:bold;outline:none}.seg.selected{outline:2px solid #d64545}";

const SCRIPT: &str = "const marks=JSON.parse(document.getElementById('marks').textContent);
const panel=document.getElementById('details');
function show(ids,seg){document.querySelectorAll('.selected').forEach(e=>e.classList.remove('selected'));
if(seg)seg.classList.add('selected');panel.innerHTML='';
for(const i of ids){const m=marks[i];const t=document.createElement('table');t.className='mark';t.id='details-'+m.label;
const h=t.insertRow();const th=document.createElement('th');th.colSpan=2;th.textContent=m.label+' '+m.kind+' ('+(m.curated?'curated':'extracted')+')';h.appendChild(th);
for(const [k,v] of m.attributes){const r=t.insertRow();r.insertCell().textContent=k;r.insertCell().textContent=v;}
panel.appendChild(t);}}
document.querySelectorAll('.seg').forEach(s=>s.addEventListener('click',()=>show(s.dataset.marks.split(' ').map(Number),s)));
const want=location.hash.match(/^#mark-(\\d+)$/);
if(want){const i=Number(want[1]);const seg=[...document.querySelectorAll('.seg')].find(s=>s.dataset.marks.split(' ').map(Number).includes(i));if(seg)seg.click();}";

/// The article as one self-contained HTML page (no external resource).
pub fn page(article: &Article) -> String {
    let mut html =
        String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    let _ = write!(
        html,
        "<title>{}</title><style>{STYLE}</style></head><body>\n<header><h1>{}</h1><div class=\"about\">{}</div>",
        escape(&article.heading()),
        escape(&article.heading()),
        escape(&article.about.join(" · "))
    );
    if let Some(original) = &article.original {
        let _ = write!(
            html,
            "<div class=\"about\">a copy of {}</div>",
            escape(original)
        );
    }
    let _ = write!(
        html,
        "<div class=\"about\">{}</div><div class=\"legend\"><span class=\"m-c\">mention, curated</span><span class=\"m-e\">mention, extracted</span><span class=\"q-c\">statement, curated</span><span class=\"q-e\">statement, extracted</span><span class=\"f-c\">figure, curated</span><span class=\"f-e\">figure, extracted</span></div></header>\n<main class=\"text\">",
        escape(&article.tally())
    );
    let chars: Vec<char> = article.body.chars().collect();
    for (start, end, covering) in pieces(article) {
        let piece: String = chars[start..end].iter().collect();
        if covering.is_empty() {
            html.push_str(&escape(&piece));
            continue;
        }
        let mut classes: Vec<&str> = covering
            .iter()
            .map(|&i| class_of(&article.marks[i]))
            .collect();
        classes.sort_unstable();
        classes.dedup();
        let ids: Vec<String> = covering.iter().map(usize::to_string).collect();
        let _ = write!(
            html,
            "<span class=\"seg {}\" data-marks=\"{}\">{}</span>",
            classes.join(" "),
            ids.join(" "),
            escape(&piece)
        );
    }
    let marks = serde_json::to_string(&article.marks)
        .expect("marks serialise")
        .replace("</", "<\\/");
    let _ = write!(
        html,
        "</main>\n<aside id=\"details\">Click a highlighted passage to see what was recorded there.</aside>\n<script type=\"application/json\" id=\"marks\">{marks}</script>\n<script>{SCRIPT}</script>\n</body></html>\n"
    );
    html
}

fn class_of(mark: &Mark) -> &'static str {
    match (mark.kind, mark.curated) {
        (Kind::Mention, true) => "m-c",
        (Kind::Mention, false) => "m-e",
        (Kind::Statement, true) => "q-c",
        (Kind::Statement, false) => "q-e",
        (Kind::Figure, true) => "f-c",
        (Kind::Figure, false) => "f-e",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(kind: Kind, start: usize, end: usize, curated: bool) -> Mark {
        Mark {
            kind,
            start,
            end,
            curated,
            attributes: vec![("rule".into(), "x".into())],
            label: String::new(),
        }
    }

    fn article() -> Article {
        Article::new(Article {
            key: "k".into(),
            body: "\"Ada Lovelace counted 12 cats,\" she said.".into(),
            marks: vec![
                mark(Kind::Figure, 22, 24, false),
                mark(Kind::Statement, 1, 30, true),
                mark(Kind::Mention, 1, 13, false),
            ],
            ..Article::default()
        })
    }

    #[test]
    fn marks_nest_in_the_text() {
        assert_eq!(
            marked_text(&article()),
            "\"<<[Ada Lovelace]m1 counted {12}f1 cats,>>s1\" she said."
        );
    }

    #[test]
    fn pieces_cut_at_every_boundary() {
        let a = article();
        let cut: Vec<(usize, usize, Vec<usize>)> = pieces(&a);
        assert_eq!(
            cut,
            [
                (0, 1, vec![]),
                (1, 13, vec![0, 1]),
                (13, 22, vec![0]),
                (22, 24, vec![0, 2]),
                (24, 30, vec![0]),
                (30, 41, vec![]),
            ]
        );
        let page = page(&a);
        assert!(page.contains("<span class=\"seg m-e q-c\" data-marks=\"0 1\">Ada Lovelace</span>"));
    }
}
