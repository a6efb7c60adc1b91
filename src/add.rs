//! Adding articles as users have them (`factstore add`): each [`Article`] the reading layer
//! ([`crate::ingest`]) gives becomes a source, inside the command's one [`Writer`] transaction.
//!
//! # Identity
//! - The same text (its SHA-256) is always the same source: adding it again changes nothing.
//! - The same URL with another text is an update of the source at that URL: its text, title and
//!   metadata are replaced and its extracted rows dropped (to be extracted again); it is refused
//!   when curated rows point into the stored text, as `load sources` refuses it.
//! - Anything else is a new source, whose key is readable and stable ([`key_base`]): the last
//!   path segment of its URL, else the file's name, else its title, made unique with `-2`,
//!   `-3`, ... when taken.
//!
//! # Language
//! `--language` wins (confidence 1, source `option`); else the reading layer's answer, declared
//! or detected, with its confidence; else `und` (source `none`). A source whose language is
//! unknown, or has no words in the lexicon, is stored with a warning saying what extraction
//! will miss.
//!
//! # Syndication
//! Each new text's [`Fingerprint`] is compared with those of the stored originals (the sources
//! that copy nothing), the candidates found through the fingerprint's LSH band keys and
//! screened by its estimate ([`Fingerprint::may_be_copy`]); each candidate left is verified on
//! the two texts ([`Shingles::is_copy_of`]), and when the new text is a copy of one, the new
//! source records that source's key as its `original` (the most contained, when several are).
//! A band key that more than [`MAX_BAND_ORIGINALS`] originals share is common phrasing, and
//! leads to no candidate. The first source of a
//! dispatch to be stored is the original; copies of copies point to it too.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use crate::digest::sha256_hex;
use crate::ingest::{Article, Fingerprint, LanguageSource, Position, Shingles};
use crate::model::{check_language, LoadId, SourceId};
use crate::store::sources::{self, Source, Sources};
use crate::store::table::{self, Mode};
use crate::store::{lexicon, Outcome};

/// What `add` is told besides its paths.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A language tag every article is stored with, whatever it declares.
    pub language: Option<String>,
}

/// What a run of `add` did to sources.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// New sources (an article whose page this run added already replaces that text, and is
    /// counted once, as added).
    pub added: usize,
    /// Articles whose text is stored already, and earlier captures of a page that a later one
    /// in the same run replaces.
    pub unchanged: usize,
    /// Stored sources given another text (the same URL).
    pub updated: usize,
    pub refused: usize,
    /// Of the sources added or updated, how many are copies of another.
    pub copies: usize,
    /// Pages of a web archive that hold no article (section fronts), left out.
    pub skipped: usize,
}

/// Why an article was not stored (a refused update).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// The most originals one LSH band key leads to. The originals are, by construction, not
/// copies of one another: a band key that many of them share comes from phrases that many
/// different articles use (an agency's standard sentences, a site's boilerplate, the
/// templates of a generated corpus), which are no evidence of copying, and screening every
/// article that has them would make adding quadratic in the store's size. Such a key leads to
/// no candidate; a copy is still found through its other band keys.
pub const MAX_BAND_ORIGINALS: usize = 8;

/// The stored originals' fingerprints, indexed by their LSH band keys.
#[derive(Default)]
struct Originals {
    ids: Vec<SourceId>,
    keys: Vec<String>,
    prints: Vec<Fingerprint>,
    at: HashMap<String, usize>,
    bands: HashMap<u64, Vec<u32>>,
    /// For each original, the last search that found it through a band (each candidate is
    /// screened once a search, without sorting the candidates).
    seen: Vec<u32>,
    search: u32,
}

impl Originals {
    fn insert(&mut self, id: SourceId, key: String, print: Fingerprint) {
        let at = self.keys.len();
        for hash in print.bands() {
            let hits = self.bands.entry(hash).or_default();
            // One past the limit marks the key as common; more would only take memory.
            if hits.len() <= MAX_BAND_ORIGINALS {
                hits.push(at as u32);
            }
        }
        self.ids.push(id);
        self.at.insert(key.clone(), at);
        self.keys.push(key);
        self.prints.push(print);
        self.seen.push(0);
    }

    /// The originals that share a band key with `print` (a key at most [`MAX_BAND_ORIGINALS`]
    /// originals share) and pass its screening ([`Fingerprint::may_be_copy`]), `except` left
    /// out.
    fn candidates(&mut self, print: &Fingerprint, except: Option<&str>) -> Vec<usize> {
        self.search += 1;
        let except = except.and_then(|key| self.at.get(key)).copied();
        let mut found = Vec::new();
        for hash in print.bands() {
            let Some(hits) = self.bands.get(&hash) else {
                continue;
            };
            if hits.len() > MAX_BAND_ORIGINALS {
                continue;
            }
            for &i in hits {
                let i = i as usize;
                if self.seen[i] == self.search {
                    continue;
                }
                self.seen[i] = self.search;
                if Some(i) != except && print.may_be_copy(&self.prints[i]) {
                    found.push(i);
                }
            }
        }
        found
    }

    /// The key of the original the text of `shingles` (fingerprint `print`) is a copy of, the
    /// most contained when several are ([`Shingles::is_copy_of`], on the stored texts of the
    /// candidates); `except` is left out (a source is not its own original).
    fn original_of(
        &mut self,
        conn: &Connection,
        print: &Fingerprint,
        shingles: &Shingles,
        except: Option<&str>,
    ) -> rusqlite::Result<Option<String>> {
        let mut best: Option<(f64, usize)> = None;
        for i in self.candidates(print, except) {
            let theirs = Shingles::of(&sources::body(conn, self.ids[i])?);
            if !shingles.is_copy_of(&theirs) {
                continue;
            }
            let containment = shingles.containment(&theirs);
            if best.is_none_or(|(c, at)| containment > c || (containment == c && i < at)) {
                best = Some((containment, i));
            }
        }
        Ok(best.map(|(_, i)| self.keys[i].clone()))
    }
}

/// An article with what adding computes from its text alone, on any thread: its SHA-256, its
/// shingles and its fingerprint.
pub struct Prepared {
    pub article: Article,
    sha256: String,
    shingles: Shingles,
    print: Fingerprint,
}

impl Prepared {
    pub fn of(article: Article) -> Prepared {
        let sha256 = sha256_hex(article.body.as_bytes());
        let shingles = Shingles::of(&article.body);
        let print = Fingerprint::of_shingles(&shingles);
        Prepared {
            article,
            sha256,
            shingles,
            print,
        }
    }
}

/// Adds articles to the store, one at a time, in a transaction the caller owns; see the module
/// documentation. Updates wait for [`Adder::finish`]: when one run holds several texts of one
/// URL (two captures of a page), the last one is the page's text, and a second run of the same
/// input, finding that text stored, changes nothing.
pub struct Adder {
    options: Options,
    load: LoadId,
    taken: HashSet<String>,
    originals: Originals,
    lexicon: HashSet<String>,
    /// The last text of each stored URL that differs from the stored one, in order of arrival.
    pending: Vec<Option<Prepared>>,
    pending_at: HashMap<String, usize>,
    /// The sources this run inserted (an update of one is not an update of a stored source).
    inserted: HashSet<SourceId>,
    /// Articles in each language the lexicon lacks: how many, and the first.
    unread: std::collections::BTreeMap<String, (usize, String)>,
    /// The sources added or updated, to extract from.
    pub changed: Vec<SourceId>,
    pub counts: Counts,
    /// Warnings for stderr, in order.
    pub warnings: Vec<String>,
}

impl Adder {
    /// Reads what adding needs from the store (its keys, the originals' fingerprints, the
    /// lexicon's languages); `load` is the `loads` row the sources are written under.
    pub fn new(conn: &Connection, options: Options, load: LoadId) -> anyhow::Result<Adder> {
        let mut originals = Originals::default();
        for (id, key, bytes) in sources::originals(conn)? {
            // A fingerprint of another version (an older build's) is computed again.
            let print = match Fingerprint::from_bytes(&bytes) {
                Ok(print) => print,
                Err(_) => Fingerprint::of(&sources::body(conn, id)?),
            };
            originals.insert(id, key, print);
        }
        Ok(Adder {
            options,
            load,
            taken: sources::all_keys(conn)?.into_iter().collect(),
            originals,
            lexicon: lexicon::languages(conn)?.into_iter().collect(),
            pending: Vec::new(),
            pending_at: HashMap::new(),
            inserted: HashSet::new(),
            unread: Default::default(),
            changed: Vec::new(),
            counts: Counts::default(),
            warnings: Vec::new(),
        })
    }

    /// Takes `article`: nothing when its text is stored already, an update (kept for
    /// [`Adder::finish`]) when a stored source has its URL, else a new source. Fails with a
    /// database error only.
    pub fn add(&mut self, conn: &Connection, prepared: Prepared) -> anyhow::Result<()> {
        let article = &prepared.article;
        if let Some(found) = sources::by_sha256(conn, &prepared.sha256)? {
            if found.url.is_some() && found.url == article.url {
                // The page's latest text is the stored one: an earlier capture in this run
                // does not replace it.
                self.unpend(found.url.as_deref().unwrap_or_default());
            }
            self.counts.unchanged += 1;
            return Ok(());
        }
        if let Some(url) = article.url.clone() {
            if sources::by_url(conn, &url)?.is_some() {
                match self.pending_at.get(&url) {
                    Some(&at) => {
                        // An earlier capture of the page in this run: the later one wins.
                        self.counts.unchanged += 1;
                        self.pending[at] = Some(prepared);
                    }
                    None => {
                        self.pending_at.insert(url, self.pending.len());
                        self.pending.push(Some(prepared));
                    }
                }
                return Ok(());
            }
        }
        let key = self.new_key(&prepared.article);
        self.write(conn, prepared, key, false)?;
        Ok(())
    }

    /// Drops the update kept for `url`, whose latest text is the stored one; the capture it
    /// held counts as unchanged.
    fn unpend(&mut self, url: &str) {
        if let Some(at) = self.pending_at.remove(url) {
            self.pending[at] = None;
            self.counts.unchanged += 1;
        }
    }

    /// Applies the updates [`Adder::add`] kept, each through `refused` when it would change a
    /// text curated rows point into (`refused` fails the run, or counts and goes on); then
    /// writes the warnings about languages.
    pub fn finish(
        &mut self,
        conn: &Connection,
        mut refused: impl FnMut(&mut Counts, Refused) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        for prepared in std::mem::take(&mut self.pending).into_iter().flatten() {
            let url = prepared.article.url.clone().unwrap_or_default();
            let Some(stored) = sources::by_url(conn, &url)? else {
                continue;
            };
            if sources::by_sha256(conn, &prepared.sha256)?.is_some() {
                self.counts.unchanged += 1;
                continue;
            }
            let curated = sources::curated_dependents(conn, stored.id)?;
            if curated > 0 {
                let message = format!(
                    "{}: the text at {url} differs from the stored text of source {:?}, and {curated} curated mentions, statements or figures point into it",
                    prepared.article.origin, stored.key
                );
                refused(&mut self.counts, Refused(message))?;
                continue;
            }
            sources::delete_extracted(conn, stored.id)?;
            let fresh = self.inserted.contains(&stored.id);
            self.write(conn, prepared, stored.key, !fresh)?;
        }
        self.language_warnings();
        Ok(())
    }

    /// Writes the article as source `key` (new, or an update of a stored source).
    fn write(
        &mut self,
        conn: &Connection,
        prepared: Prepared,
        key: String,
        update: bool,
    ) -> anyhow::Result<()> {
        let Prepared {
            article,
            sha256,
            shingles,
            print,
        } = prepared;
        let original = self
            .originals
            .original_of(conn, &print, &shingles, Some(&key))?;
        let source = self.source(article, key.clone(), sha256, &print, original.clone());
        let outcome = table::write::<Sources>(conn, Mode::Upsert, &source, self.load)?;
        let id = SourceId(outcome.id());
        if let Outcome::Inserted(_) = outcome {
            self.counts.added += 1;
            self.inserted.insert(id);
        } else if update {
            self.counts.updated += 1;
        }
        if original.is_some() {
            self.counts.copies += 1;
        } else if !update {
            self.originals.insert(id, key, print);
        }
        self.changed.push(id);
        Ok(())
    }

    /// The source row of `article`, its language settled.
    fn source(
        &mut self,
        article: Article,
        key: String,
        sha256: String,
        print: &Fingerprint,
        original: Option<String>,
    ) -> Source {
        let (language, confidence, from) = self.language(&article);
        Source {
            key,
            title: article.title,
            publisher: article.publisher,
            url: article.url,
            language,
            published: article.published,
            body: article.body,
            sha256,
            language_confidence: Some(confidence),
            language_source: Some(from.to_string()),
            original,
            fingerprint: print.to_bytes(),
        }
    }

    /// The language `article` is stored with, its confidence and where it came from; notes the
    /// articles extraction cannot read.
    fn language(&mut self, article: &Article) -> (String, f64, &'static str) {
        let (tag, confidence, from) = match (&self.options.language, &article.language) {
            (Some(tag), _) => (tag.clone(), 1.0, "option"),
            (None, Some(tag)) if check_language(tag).is_ok() => {
                let from = match article.language_source {
                    LanguageSource::Metadata => "metadata",
                    _ => "detected",
                };
                (tag.clone(), article.language_confidence, from)
            }
            (None, _) => ("und".to_string(), 0.0, "none"),
        };
        let primary = tag.split('-').next().unwrap_or(&tag).to_ascii_lowercase();
        if from == "none" {
            self.warnings.push(format!(
                "{}: language unknown (nothing declared, detection unsure): stored as \"und\"; extraction will find names, but no quotes or figures (name it with --language)",
                article.origin
            ));
        } else if !self.lexicon.contains(&tag) && !self.lexicon.contains(&primary) {
            let entry = self
                .unread
                .entry(primary)
                .or_insert_with(|| (0, article.origin.to_string()));
            entry.0 += 1;
        }
        (tag, confidence, from)
    }

    /// One warning per language the lexicon has no words for.
    fn language_warnings(&mut self) {
        for (language, (n, first)) in std::mem::take(&mut self.unread) {
            let articles = if n == 1 {
                format!("1 article ({first})")
            } else {
                format!("{n} articles (the first: {first})")
            };
            self.warnings.push(format!(
                "no lexicon for language {language:?}, of {articles}: extraction will find names, but no quotes or figures"
            ));
        }
    }

    /// A key for a new source: [`key_base`] of the article, with `-2`, `-3`, ... when taken.
    fn new_key(&mut self, article: &Article) -> String {
        let base = key_base(article);
        let mut key = base.clone();
        let mut n = 2;
        while self.taken.contains(&key) {
            key = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(key.clone());
        key
    }
}

/// The longest a key's base is, in characters.
pub const KEY_MAX: usize = 60;

/// The readable part of a new source's key: the last path segment of its URL (without an
/// extension such as `.html`), else, for a file that is one article, the file's name without
/// its extension, else its title, else `article`; lowercased, every run of other characters
/// than letters and digits made one `-`, accents dropped, at most [`KEY_MAX`] characters.
pub fn key_base(article: &Article) -> String {
    let from_url = article.url.as_deref().and_then(url_slug).map(|s| slug(&s));
    let from_file = match article.origin.position {
        Position::Whole => article
            .origin
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .filter(|n| n != "-" && n != "standard input")
            .map(|n| slug(strip_extension(&n))),
        _ => None,
    };
    let from_title = article.title.as_deref().map(slug);
    [from_url, from_file, from_title]
        .into_iter()
        .flatten()
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "article".to_string())
}

/// The last non-empty path segment of `url`, query and fragment left out.
fn url_slug(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    let (_, path) = path.split_once('/')?;
    let segment = path.split('/').rev().find(|s| !s.is_empty())?;
    let segment = strip_extension(segment);
    let generic = ["index", "article", "story", "news", "amp"];
    (!generic.contains(&segment.to_ascii_lowercase().as_str())).then(|| segment.to_string())
}

fn strip_extension(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    for ext in [
        ".html", ".htm", ".shtml", ".php", ".aspx", ".txt", ".md", ".json", ".jsonl",
    ] {
        if lower.ends_with(ext) {
            return &name[..name.len() - ext.len()];
        }
    }
    name
}

/// `text` as a key: ASCII letters and digits lowercased, accents dropped, other runs one `-`.
pub fn slug(text: &str) -> String {
    let folded = crate::fold::fold(text);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= KEY_MAX {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_band_key_many_originals_share_leads_to_no_candidate() {
        let print = Fingerprint::of(
            "Traffic timidly resumed in the city centre, where burnt-out vehicles were still visible.",
        );
        let mut originals = Originals::default();
        for i in 0..MAX_BAND_ORIGINALS {
            originals.insert(SourceId(i as i64 + 1), format!("s{i}"), print.clone());
        }
        assert_eq!(
            originals.candidates(&print, Some("s3")).len(),
            MAX_BAND_ORIGINALS - 1
        );
        originals.insert(SourceId(99), "s99".into(), print.clone());
        assert_eq!(originals.candidates(&print, None), Vec::<usize>::new());
    }

    #[test]
    fn slugs_are_keys() {
        assert_eq!(
            slug("Grève au port : 300 dockers"),
            "greve-au-port-300-dockers"
        );
        assert_eq!(slug("--"), "");
        assert_eq!(
            url_slug("https://ledger.example/2026/03/harbour-strike.html?utm=x").as_deref(),
            Some("harbour-strike")
        );
        assert_eq!(url_slug("https://ledger.example/news/"), None);
        assert_eq!(url_slug("https://ledger.example"), None);
    }
}
