//! UTF-8 checks of input files: factstore reads UTF-8 only (a byte-order mark is accepted), and
//! refuses anything else with the byte offset and line of the first offending byte, never
//! mis-decoding it. [`Utf8Check`] works a chunk at a time, for streams (CSV files), or on a whole
//! text ([`read_text`], for the texts of sources).

use std::fmt;
use std::path::Path;

/// A byte that is not UTF-8 text, located in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncodingError {
    /// Offset of the byte from the start of the file (a BOM included).
    pub offset: u64,
    /// 1-based line of the byte.
    pub line: u64,
    /// A NUL byte (valid UTF-8, but no text has one: the mark of UTF-16), not invalid UTF-8.
    pub nul: bool,
}

impl fmt::Display for EncodingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nul {
            write!(
                f,
                "NUL byte at byte offset {} (is this a UTF-16 file? save it as UTF-8)",
                self.offset
            )
        } else {
            write!(
                f,
                "invalid UTF-8 at byte offset {} (the file is not UTF-8: save it as UTF-8)",
                self.offset
            )
        }
    }
}

impl std::error::Error for EncodingError {}

/// The message for a file that starts with a UTF-16 byte-order mark.
pub const UTF16: &str = "the file is UTF-16; factstore reads UTF-8 only (save it as UTF-8)";

/// Whether `start` (the first bytes of a file) is a UTF-16 byte-order mark.
pub fn is_utf16(start: &[u8]) -> bool {
    start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF])
}

/// Checks that a file is UTF-8 without NUL bytes, fed a chunk at a time.
#[derive(Debug, Default)]
pub struct Utf8Check {
    /// Bytes fed so far.
    offset: u64,
    /// Newlines fed so far.
    newlines: u64,
    /// The start of a character cut by the end of the last chunk (its first `cut` bytes).
    pending: [u8; 4],
    cut: usize,
}

impl Utf8Check {
    /// Checks the next `chunk` of the file. On a bad byte, returns how many bytes of the chunk
    /// come before it (all good) and the error; the check is then over.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), (usize, EncodingError)> {
        let mut start = 0;
        if self.cut > 0 {
            // Complete the character the last chunk cut (no newline in it: all its bytes are
            // ≥ 0x80).
            let width = utf8_width(self.pending[0]);
            let take = (width - self.cut).min(chunk.len());
            let mut char = self.pending;
            char[self.cut..self.cut + take].copy_from_slice(&chunk[..take]);
            match std::str::from_utf8(&char[..self.cut + take]) {
                Ok(_) => self.cut = 0,
                Err(e) if e.error_len().is_none() => {
                    self.pending = char;
                    self.cut += take;
                    self.offset += take as u64;
                    return Ok(());
                }
                Err(_) => return Err((0, self.error(self.offset - self.cut as u64, false))),
            }
            start = take;
        }
        let rest = &chunk[start..];
        let (valid, invalid) = match std::str::from_utf8(rest) {
            Ok(_) => (rest.len(), false),
            Err(e) if e.error_len().is_none() => {
                let cut = rest.len() - e.valid_up_to();
                self.pending[..cut].copy_from_slice(&rest[e.valid_up_to()..]);
                self.cut = cut;
                (e.valid_up_to(), false)
            }
            Err(e) => (e.valid_up_to(), true),
        };
        let nul = if rest[..valid].contains(&0) {
            rest.iter().position(|&b| b == 0)
        } else {
            None
        };
        let bad = match (nul, invalid) {
            (Some(at), _) => Some((start + at, true)),
            (None, true) => Some((start + valid, false)),
            (None, false) => None,
        };
        if let Some((at, nul)) = bad {
            self.newlines += newlines(&chunk[..at]);
            let error = self.error(self.offset + at as u64, nul);
            self.cut = 0;
            return Err((at, error));
        }
        self.newlines += newlines(chunk);
        self.offset += chunk.len() as u64;
        Ok(())
    }

    /// Checks that the file did not end inside a character.
    pub fn end(&self) -> Result<(), EncodingError> {
        if self.cut > 0 {
            return Err(self.error(self.offset - self.cut as u64, false));
        }
        Ok(())
    }

    /// Checks the whole of `bytes`.
    pub fn whole(bytes: &[u8]) -> Result<(), EncodingError> {
        let mut check = Utf8Check::default();
        check.feed(bytes).map_err(|(_, e)| e)?;
        check.end()
    }

    fn error(&self, offset: u64, nul: bool) -> EncodingError {
        EncodingError {
            offset,
            line: self.newlines + 1,
            nul,
        }
    }
}

/// How many bytes the UTF-8 character starting with `lead` has (1 for a byte that starts none).
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// How many `\n` bytes `bytes` holds.
fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Reads a text file as UTF-8 (a leading byte-order mark is dropped). A failure is what follows
/// the file's name in a message: `: cannot read: ...`, or `:LINE: invalid UTF-8 at byte offset N
/// (...)` as for a CSV file (see [`Utf8Check`]).
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!(": cannot read: {e}"))?;
    if is_utf16(&bytes) {
        return Err(format!(": {UTF16}"));
    }
    Utf8Check::whole(&bytes).map_err(|e| format!(":{}: {e}", e.line))?;
    let bytes = match bytes.strip_prefix("\u{FEFF}".as_bytes()) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| format!(": {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_text_is_checked_alike() {
        assert_eq!(Utf8Check::whole("\u{FEFF}été\n".as_bytes()), Ok(()));
        assert_eq!(
            Utf8Check::whole(b"ab\ncd\n\xFF").unwrap_err().to_string(),
            "invalid UTF-8 at byte offset 6 (the file is not UTF-8: save it as UTF-8)"
        );
        assert_eq!(Utf8Check::whole(b"ab\ncd\n\xFF").unwrap_err().line, 3);
        assert_eq!(Utf8Check::whole(b"\xC3").unwrap_err().offset, 0);
    }
}
