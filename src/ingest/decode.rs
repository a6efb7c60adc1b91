//! Bytes to text: byte-order marks, UTF-8 checks with the line of the first bad byte, the
//! charset an HTML page declares (HTTP `Content-Type`, `<meta charset>`, `<meta http-equiv>`)
//! decoded with `encoding_rs`, and the sniffing helpers [`super::detect_format`] uses.
//!
//! Text formats (plain text, Markdown, JSON) must be UTF-8, or UTF-16 with a BOM. An HTML page
//! is read in the charset it declares (a BOM first, then the transport's `Content-Type`, then
//! `<meta>` in its first [`META_SCAN_BYTES`]); with no declaration it must be UTF-8. A label
//! `encoding_rs` does not know is refused, never guessed, and so are bytes malformed in the
//! declared charset.

use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::{ErrorKind, SNIFF_BYTES};

/// How far into a page a `<meta charset>` is looked for (the HTML standard says 1024 bytes;
/// real pages put long `<script>` blocks first).
pub const META_SCAN_BYTES: usize = 4096;

/// `bytes` without a leading UTF-8 byte-order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// `bytes` without leading ASCII whitespace.
pub fn skip_blank(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

pub fn has_utf16_bom(head: &[u8]) -> bool {
    head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF")
}

/// The offset of the first NUL byte in the first [`SNIFF_BYTES`] of `head`, the mark of a
/// binary file; `None` for text (and for UTF-16 text, which has a BOM and NULs).
pub fn binary_offset(head: &[u8]) -> Option<usize> {
    if has_utf16_bom(head) {
        return None;
    }
    head[..head.len().min(SNIFF_BYTES)]
        .iter()
        .position(|&b| b == 0)
}

/// Whether text that starts with `start` (whitespace and BOM already skipped) is an HTML page.
pub fn looks_like_html(start: &[u8]) -> bool {
    let head = &start[..start.len().min(1024)];
    let lower = head.to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|tag| lower.starts_with(tag.as_bytes()))
        || memchr_str(&lower, b"<html").is_some()
}

fn memchr_str(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The 1-based line of byte `offset`.
pub fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Text that must be UTF-8 (or UTF-16 with a BOM): the text without its BOM, or
/// [`ErrorKind::InvalidUtf8`] with the line of the first bad byte.
pub fn utf8(bytes: &[u8]) -> Result<String, ErrorKind> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return decode_as(encoding, &bytes[bom..]);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => Err(ErrorKind::InvalidUtf8 {
            line: line_of(bytes, e.valid_up_to()),
        }),
    }
}

/// An HTML page's text, in the charset its BOM, `transport` (the charset of an HTTP
/// `Content-Type`) or its `<meta>` declares, else UTF-8. Fails with
/// [`ErrorKind::UnknownCharset`] for a label `encoding_rs` does not know,
/// [`ErrorKind::Undecodable`] for bytes malformed in the declared charset, and
/// [`ErrorKind::InvalidUtf8`] for a page that declares nothing and is not UTF-8.
pub fn html(bytes: &[u8], transport: Option<&str>) -> Result<String, ErrorKind> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return decode_as(encoding, &bytes[bom..]);
    }
    let declared = transport
        .map(str::to_string)
        .or_else(|| meta_charset(&bytes[..bytes.len().min(META_SCAN_BYTES)]));
    let Some(label) = declared else {
        return utf8(bytes);
    };
    let encoding = Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| ErrorKind::UnknownCharset(label.clone()))?;
    if encoding == encoding_rs::REPLACEMENT {
        return Err(ErrorKind::Unsupported(format!("charset {label:?}")));
    }
    // A page whose bytes are ASCII-compatible cannot be UTF-16, whatever its <meta> says (the
    // HTML standard's rule); a transport header is believed.
    let encoding = if transport.is_none() && (encoding == UTF_16LE || encoding == UTF_16BE) {
        UTF_8
    } else {
        encoding
    };
    decode_as(encoding, bytes)
}

/// `bytes` decoded as `encoding`, refusing malformed input.
fn decode_as(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, ErrorKind> {
    if encoding == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_string()),
            Err(e) => Err(ErrorKind::Undecodable {
                charset: "UTF-8",
                line: line_of(bytes, e.valid_up_to()),
            }),
        };
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(..) | DecoderResult::OutputFull => Err(ErrorKind::Undecodable {
            charset: encoding.name(),
            line: line_of(bytes, read),
        }),
    }
}

/// The charset a page declares in a `<meta charset=...>` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">` within `head`.
pub fn meta_charset(head: &[u8]) -> Option<String> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = memchr_str(&lower[from..], b"<meta") {
        let start = from + at;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(label) = memchr_str(tag, b"charset").and_then(|c| label_after(&tag[c + 7..])) {
            return Some(label);
        }
        from = end;
    }
    None
}

/// The label after `charset` in `= "label"` (quotes and spaces optional).
fn label_after(rest: &[u8]) -> Option<String> {
    let rest = skip_blank(rest).strip_prefix(b"=")?;
    let rest = skip_blank(rest);
    let rest = rest
        .strip_prefix(b"\"")
        .or(rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || b"-_.:".contains(b)))
        .unwrap_or(rest.len());
    (len > 0).then(|| String::from_utf8_lossy(&rest[..len]).into_owned())
}

/// The `charset` parameter of a `Content-Type` value (`text/html; charset="utf-8"` gives
/// `utf-8`).
pub fn charset_param(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset")?;
    label_after(&lower.as_bytes()[at + 7..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_forms() {
        assert_eq!(
            meta_charset(b"<meta charset=\"ISO-8859-1\">").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            meta_charset(b"<META CHARSET=utf-8>").as_deref(),
            Some("utf-8")
        );
        let equiv =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">";
        assert_eq!(meta_charset(equiv).as_deref(), Some("windows-1252"));
        assert_eq!(
            meta_charset(b"<meta name=\"x\" content=\"y\"><p>charset=koi8</p>"),
            None
        );
    }

    #[test]
    fn charset_param_forms() {
        assert_eq!(
            charset_param("text/html; charset=\"UTF-8\"").as_deref(),
            Some("utf-8")
        );
        assert_eq!(
            charset_param("text/html;charset=iso-8859-15").as_deref(),
            Some("iso-8859-15")
        );
        assert_eq!(charset_param("text/html"), None);
    }

    #[test]
    fn html_honours_the_declared_charset() {
        let latin1 = b"<meta charset=iso-8859-1><p>Gr\xe8ve \xe0 Brestac</p>";
        assert!(html(latin1, None).unwrap().contains("Grève à Brestac"));
        // The transport's word comes before the page's.
        let page = b"<meta charset=utf-8><p>\xe9t\xe9</p>";
        assert!(html(page, Some("windows-1252")).unwrap().contains("été"));
        let bom = b"\xEF\xBB\xBF<meta charset=iso-8859-1><p>\xc3\xa9</p>";
        assert!(html(bom, None).unwrap().contains("<p>é</p>"));
    }

    #[test]
    fn html_refuses_what_it_cannot_decode() {
        let unknown = html(b"<meta charset=klingon-8><p>x</p>", None).unwrap_err();
        assert!(matches!(unknown, ErrorKind::UnknownCharset(label) if label == "klingon-8"));
        let undeclared = html(b"<p>ok</p>\n<p>\xe9</p>", None).unwrap_err();
        assert!(matches!(undeclared, ErrorKind::InvalidUtf8 { line: 2 }));
        let bad_utf8 = html(b"<meta charset=utf-8>\n\n<p>\xff</p>", None).unwrap_err();
        assert!(matches!(
            bad_utf8,
            ErrorKind::Undecodable {
                charset: "UTF-8",
                line: 3
            }
        ));
        let bad_sjis = html(b"<meta charset=shift_jis>\n<p>\x81</p>", None).unwrap_err();
        assert!(matches!(
            bad_sjis,
            ErrorKind::Undecodable {
                charset: "Shift_JIS",
                line: 2
            }
        ));
    }

    #[test]
    fn utf8_reports_the_line_and_reads_utf16() {
        assert!(matches!(
            utf8(b"a\nb\n\xc3(\n"),
            Err(ErrorKind::InvalidUtf8 { line: 3 })
        ));
        assert_eq!(utf8(b"\xEF\xBB\xBFhello").unwrap(), "hello");
        assert_eq!(utf8(b"\xFF\xFEh\0i\0").unwrap(), "hi");
    }

    #[test]
    fn binary_and_html_sniffing() {
        assert_eq!(binary_offset(b"abc\0def"), Some(3));
        assert_eq!(binary_offset(b"\xFF\xFEa\0"), None);
        assert_eq!(binary_offset(b"plain"), None);
        assert!(looks_like_html(b"<!DOCTYPE html><html>"));
        assert!(looks_like_html(
            b"<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"
        ));
        assert!(!looks_like_html(b"Hello <b>world</b>"));
    }
}
