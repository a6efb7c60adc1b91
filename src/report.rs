//! The comparison as one self-contained HTML page: a dot plot (inline SVG) per disputed quantity,
//! one row per source value, each dot carrying its evidence sentence and source (shown on hover,
//! and in a panel below the plot on click or keyboard focus), then a table of the quantities the
//! sources agree on. No external asset, no network: styles and the few lines of script are inline.

use std::fmt::Write;

use crate::compare::{Quantity, SourceValue};
use crate::model::Origin;

/// Plot geometry, in SVG user units.
const WIDTH: f64 = 760.0;
const LABEL: f64 = 200.0;
const ROW: f64 = 30.0;
const TOP: f64 = 16.0;
const AXIS: f64 = 34.0;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The quantity's title: "arrested · protesters · Almaty", "other (buildings) · Lahaina".
fn title(q: &Quantity) -> String {
    let mut parts = vec![match &q.unit {
        Some(unit) => format!("{} ({unit})", q.metric),
        None => q.metric.clone(),
    }];
    parts.extend(q.subject.clone());
    parts.extend(q.place.clone());
    parts.join(" · ")
}

/// Number with thousands separators.
fn number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A "nice" axis step for the range `span` (1, 2 or 5 times a power of ten, about 5 ticks).
fn step(span: f64) -> f64 {
    let raw = (span / 5.0).max(1.0);
    let power = 10f64.powf(raw.log10().floor());
    let distance = |s: f64| (s / raw).max(raw / s);
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .min_by(|a, b| distance(*a).total_cmp(&distance(*b)))
        .unwrap_or(raw)
}

/// What a dot says about its value: source, value, claimants, date and evidence sentence.
fn detail(v: &SourceValue) -> String {
    let mut text = format!("{} — {}", v.source, v.shown);
    if !v.claimed_by.is_empty() {
        let _ = write!(text, " — claimed by {}", v.claimed_by.join(", "));
    }
    if let Some(date) = &v.as_of {
        let _ = write!(text, " — as of {date}");
    }
    if let (None, Some(low), Some(high)) = (v.value, v.low, v.high) {
        let _ = write!(text, " (read as {}–{})", number(low), number(high));
    }
    let origin = match (&v.rule, v.confidence) {
        (Some(rule), Some(confidence)) => {
            format!("extracted by rule {rule}, confidence {confidence:.2}, unchecked")
        }
        _ => v.origin.to_string(),
    };
    let _ = write!(
        text,
        " — «{}» ({origin}, characters {}–{})",
        v.sentence, v.char_start, v.char_end
    );
    text
}

/// The axis of a plot: from a round value below the lowest to one above the highest, and its step.
fn axis(lowest: i64, highest: i64) -> (f64, f64, f64) {
    let (lo, hi) = (lowest as f64, highest as f64);
    let pad = ((hi - lo) * 0.1).max(1.0);
    let tick = step(hi - lo + 2.0 * pad);
    let start = (((lo - pad) / tick).floor() * tick).max(0.0f64.min(lo));
    let end = ((hi + pad) / tick).ceil() * tick;
    (start, end, tick)
}

/// The dot plot of one disputed quantity: a row per source value, a dot at the value (a bar over
/// the bounds of a vague one), labelled with the value as reported.
fn plot(q: &Quantity, index: usize) -> String {
    let (start, end, tick) = axis(q.min.unwrap_or(0), q.max.unwrap_or(1));
    let right = WIDTH - 70.0;
    let x = |value: f64| LABEL + (value - start) / (end - start).max(1.0) * (right - LABEL);
    let height = TOP + ROW * q.values.len() as f64 + AXIS;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="plot" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="{}">"#,
        escape(&format!("Values reported for {}", title(q)))
    );
    let axis_y = TOP + ROW * q.values.len() as f64 + 6.0;
    let mut t = start;
    while t <= end + tick / 2.0 {
        let tx = x(t);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{tx:.1}" y1="{TOP}" x2="{tx:.1}" y2="{axis_y}"/><text class="tick" x="{tx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            axis_y + 16.0,
            number(t.round() as i64)
        );
        t += tick;
    }
    for (row, v) in q.values.iter().enumerate() {
        let cy = TOP + ROW * row as f64 + ROW / 2.0;
        let info = escape(&detail(v));
        let _ = write!(
            svg,
            r#"<text class="label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LABEL - 12.0,
            cy + 4.0,
            escape(&v.source)
        );
        // a value only the extractor found is drawn hollow: nobody checked it
        let class = if v.origin == Origin::Extracted {
            "dot extracted"
        } else {
            "dot"
        };
        let _ = write!(
            svg,
            r#"<g class="{class}" tabindex="0" data-plot="{index}" data-origin="{}" data-source="{}" data-evidence="{}" data-sentence="{}" data-detail="{info}"><title>{info}</title>"#,
            v.origin,
            escape(&v.source),
            escape(&v.evidence),
            escape(&v.sentence)
        );
        let mark_end = match (v.value, v.low, v.high) {
            (Some(value), _, _) => {
                let cx = x(value as f64);
                let _ = write!(svg, r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="7"/>"#);
                cx + 7.0
            }
            (None, low, high) => {
                let (a, b) = (
                    x(low.unwrap_or(0) as f64),
                    x(high.or(low).unwrap_or(0) as f64),
                );
                let _ = write!(
                    svg,
                    r#"<rect class="range" x="{a:.1}" y="{:.1}" width="{:.1}" height="10" rx="5"/>"#,
                    cy - 5.0,
                    (b - a).max(10.0)
                );
                a + (b - a).max(10.0)
            }
        };
        let _ = write!(
            svg,
            r#"<text class="value" x="{:.1}" y="{:.1}">{}</text></g>"#,
            mark_end + 6.0,
            cy + 4.0,
            escape(&v.shown)
        );
    }
    svg.push_str("</svg>");
    svg
}

const STYLE: &str = r#"
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 820px; color: #1d1d1f; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.1rem; margin: 2rem 0 .3rem; }
p.lead, p.meta { color: #555; margin-top: 0; }
.plot { display: block; max-width: 100%; height: auto; }
.plot .grid { stroke: #e3e3e8; }
.plot .tick { font-size: 11px; fill: #777; }
.plot .label { font-size: 12px; fill: #333; }
.plot .value { font-size: 11px; fill: #555; }
.plot .dot circle, .plot .dot rect { fill: #c0392b; fill-opacity: .85; stroke: #fff; stroke-width: 1.5; cursor: pointer; }
.plot .dot:hover circle, .plot .dot:focus circle, .plot .dot.selected circle { fill: #1f5fa8; }
.plot .dot:hover rect, .plot .dot:focus rect, .plot .dot.selected rect { fill: #1f5fa8; }
.plot .dot:focus { outline: none; }
.plot .dot.extracted circle, .plot .dot.extracted rect { fill: #fff; fill-opacity: 1; stroke: #c0392b; stroke-width: 2; }
.plot .dot.extracted:hover circle, .plot .dot.extracted:focus circle, .plot .dot.extracted.selected circle,
.plot .dot.extracted:hover rect, .plot .dot.extracted:focus rect, .plot .dot.extracted.selected rect { fill: #fff; stroke: #1f5fa8; }
.legend { font-size: .88rem; color: #555; }
.legend svg { vertical-align: middle; }
.detail { min-height: 2.8em; border-left: 3px solid #1f5fa8; padding: .3rem .7rem; background: #f5f7fb; font-size: .92rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e3e3e8; vertical-align: top; }
"#;

const SCRIPT: &str = r#"
document.querySelectorAll('.plot .dot').forEach(function (dot) {
  function show() {
    document.querySelectorAll('.plot .dot.selected').forEach(function (d) { d.classList.remove('selected'); });
    dot.classList.add('selected');
    var panel = document.getElementById('detail-' + dot.dataset.plot);
    if (panel) { panel.textContent = dot.dataset.detail; }
  }
  dot.addEventListener('click', show);
  dot.addEventListener('focus', show);
});
"#;

/// The whole page.
pub fn page(quantities: &[Quantity]) -> String {
    let disputed: Vec<&Quantity> = quantities.iter().filter(|q| q.disputed).collect();
    let agreed: Vec<&Quantity> = quantities.iter().filter(|q| !q.disputed).collect();
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Where the sources disagree</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Where the sources disagree</h1>\n<p class=\"lead\">{} quantities reported by more than one source with different values; {} more where the sources agree or stand alone. Hover over a dot, or click it, for its source, who claimed it, and the sentence it comes from.</p>\n<p class=\"legend\"><svg width=\"16\" height=\"16\" aria-hidden=\"true\"><circle cx=\"8\" cy=\"8\" r=\"6\" fill=\"#c0392b\"/></svg> a value a person recorded · <svg width=\"16\" height=\"16\" aria-hidden=\"true\"><circle cx=\"8\" cy=\"8\" r=\"5.5\" fill=\"#fff\" stroke=\"#c0392b\" stroke-width=\"2\"/></svg> a value only the extractor found, unchecked · <svg width=\"26\" height=\"16\" aria-hidden=\"true\"><rect x=\"1\" y=\"3\" width=\"24\" height=\"10\" rx=\"5\" fill=\"#c0392b\"/></svg> a vague quantity (\u{201c}dozens\u{201d}), drawn over the range it may mean and labelled with its word</p>\n",
        disputed.len(),
        agreed.len()
    );
    for (i, q) in disputed.iter().enumerate() {
        let _ = write!(
            html,
            "<section class=\"quantity\" id=\"q{i}\">\n<h2>{}</h2>\n<p class=\"meta\">{} sources · from {} to {} · spread {}</p>\n{}\n<div class=\"detail\" id=\"detail-{i}\" aria-live=\"polite\">Select a dot.</div>\n</section>\n",
            escape(&title(q)),
            q.sources,
            q.min.map_or("?".into(), number),
            q.max.map_or("?".into(), number),
            q.spread.map_or("?".into(), number),
            plot(q, i)
        );
    }
    if !agreed.is_empty() {
        html.push_str("<h2>Where they agree, or only one source reports</h2>\n<table>\n<tr><th>quantity</th><th>sources</th><th>values</th></tr>\n");
        for q in agreed {
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&title(q)),
                q.sources,
                escape(&q.by_source())
            );
        }
        html.push_str("</table>\n");
    }
    let _ = write!(html, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_escapes_and_steps() {
        assert_eq!(number(3700), "3,700");
        assert_eq!(number(20000), "20,000");
        assert_eq!(number(999), "999");
        assert_eq!(
            escape(r#"<a href="x">l'été & co</a>"#),
            "&lt;a href=&quot;x&quot;&gt;l&#39;été &amp; co&lt;/a&gt;"
        );
        assert_eq!(step(800.0), 200.0);
        assert_eq!(step(20000.0), 5000.0);
        assert_eq!(step(3.0), 1.0);
        assert_eq!(axis(3000, 3800), (2800.0, 4000.0, 200.0));
        assert_eq!(axis(2, 99), (0.0, 120.0, 20.0));
    }
}
