//! UTF-8 checks of input files: factstore reads UTF-8 only (a byte-order mark is accepted), and
//! refuses anything else with the byte offset and line of the first offending byte, never
//! mis-decoding it. [`Utf8Check`] works a chunk at a time, for streams (CSV files) and for the
//! texts of sources ([`read_text`], which also bounds what it reads: a text is a regular file of
//! at most [`MAX_TEXT_BYTES`]).

use std::fmt;
use std::fs::{self, File};
use std::io::Read;
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

/// The largest text of a source, in bytes (256 MiB): far more than any article (the seeds' are
/// 2 to 10 kB, a long report 1 MB), and little enough that a text is held in memory whole, as the
/// offsets into it need.
pub const MAX_TEXT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a text file as UTF-8 (a leading byte-order mark is dropped). A failure is what follows
/// the file's name in a message: `: cannot read: ...`, `: is a named pipe (FIFO), not a file`,
/// `: is 300.0 MiB; a source's text may be at most 256 MiB`, or `:LINE: invalid UTF-8 at byte
/// offset N (...)` as for a CSV file (see [`Utf8Check`]).
///
/// Only a regular file is read (a device or a pipe may never end), and at most
/// [`MAX_TEXT_BYTES`] of it, even when it grows while it is read.
pub fn read_text(path: &Path) -> Result<String, String> {
    read_at_most(path, MAX_TEXT_BYTES)
}

/// [`read_text`], with `limit` bytes at most.
fn read_at_most(path: &Path, limit: u64) -> Result<String, String> {
    let cannot = |e: std::io::Error| format!(": cannot read: {e}");
    // Before it is opened: opening a named pipe waits for a writer.
    let kind = fs::metadata(path).map_err(cannot)?.file_type();
    if !kind.is_file() {
        return Err(format!(": is {}, not a file", file_kind(&kind)));
    }
    let file = File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    let too_big = |size: u64| {
        format!(
            ": is {}; a source's text may be at most {}",
            shown_size(size),
            shown_size(limit)
        )
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    // The size the file had is a hint only: a file may grow while it is read.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            ": has more than {}; a source's text may be at most that",
            shown_size(limit)
        ));
    }
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

/// A size as messages write it: `12 bytes` under a MiB, else in MiB (`256 MiB`, `286.1 MiB`).
fn shown_size(bytes: u64) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    if mib < 1.0 {
        format!("{bytes} bytes")
    } else if mib.fract() == 0.0 {
        format!("{mib} MiB")
    } else {
        format!("{mib:.1} MiB")
    }
}

/// What a file that is not a regular file is, in words: `a folder`, `a named pipe (FIFO)`, ...
pub fn file_kind(kind: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_file() {
        "a file"
    } else {
        "not a regular file"
    }
}

/// Whether `path` is a file to read: `Ok(false)` when nothing has that name; when something does
/// that is no regular file, the error says what it is (`is a folder, not a file`; `is a symbolic
/// link to x.csv, which does not exist`).
pub fn is_regular_file(path: &Path) -> Result<bool, String> {
    let link = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(format!("cannot read: {e}")),
    };
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(true),
        Ok(meta) => Err(format!("is {}, not a file", file_kind(&meta.file_type()))),
        Err(e) if link.file_type().is_symlink() => {
            let target =
                fs::read_link(path).map_or_else(|_| "?".into(), |t| t.display().to_string());
            Err(if e.kind() == std::io::ErrorKind::NotFound {
                format!("is a symbolic link to {target}, which does not exist")
            } else {
                format!("is a symbolic link to {target}, which cannot be followed: {e}")
            })
        }
        Err(e) => Err(format!("cannot read: {e}")),
    }
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

    #[test]
    fn a_text_is_a_regular_file_of_bounded_size() {
        let dir = std::env::temp_dir().join(format!("factstore-utf8-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let small = dir.join("small.txt");
        fs::write(&small, "\u{FEFF}Un texte.\n").unwrap();
        assert_eq!(read_at_most(&small, 13).unwrap(), "Un texte.\n");
        assert_eq!(
            read_at_most(&small, 12).unwrap_err(),
            ": is 13 bytes; a source's text may be at most 12 bytes"
        );
        assert_eq!(read_text(&dir).unwrap_err(), ": is a folder, not a file");
        // A file whose size says 0 but that reads on (the kernel's files are such).
        #[cfg(target_os = "linux")]
        assert_eq!(
            read_at_most(Path::new("/proc/self/maps"), 1 << 20).map(|_| ()),
            Ok(())
        );
        #[cfg(target_os = "linux")]
        assert_eq!(
            read_at_most(Path::new("/proc/self/maps"), 16).unwrap_err(),
            ": has more than 16 bytes; a source's text may be at most that"
        );
        assert_eq!(shown_size(MAX_TEXT_BYTES), "256 MiB");
        assert_eq!(shown_size(300_000_000), "286.1 MiB");
        fs::remove_dir_all(&dir).unwrap();
    }
}
