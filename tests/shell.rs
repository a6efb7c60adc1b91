//! The database read by the real `sqlite3` shell: offsets that `substr()` honours, the report
//! views, and accent-insensitive full-text search.

use std::path::Path;
use std::process::Command;

use crate::util::{seed_records, seed_rows, Env};

const SQLITE3: &str = "/usr/bin/sqlite3";

/// Runs `sqlite3 -batch -readonly DB SQL` and returns its output; `None` (with a notice) when the
/// shell is not installed.
fn sqlite3(db: &Path, sql: &str) -> Option<String> {
    if !Path::new(SQLITE3).exists() {
        eprintln!("notice: {SQLITE3} is not installed; skipping the sqlite3 shell test");
        return None;
    }
    let output = Command::new(SQLITE3)
        .arg("-batch")
        .arg("-readonly")
        .arg(db)
        .arg(sql)
        .output()
        .expect("run sqlite3");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        output.status.success() && stderr.is_empty(),
        "{sql}: {stderr}"
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

#[test]
fn the_sqlite3_shell_reads_the_store() {
    let env = Env::seeded();
    let db = env.db();
    let Some(out) = sqlite3(
        db,
        "SELECT count(*) FROM figures f JOIN sources s ON s.id = f.source_id \
         WHERE substr(s.body, f.char_start + 1, f.char_end - f.char_start) <> f.evidence;",
    ) else {
        return;
    };
    assert_eq!(out, "0\n");
    let sql = |q: &str| sqlite3(db, q).unwrap();
    assert_eq!(
        sql(
            "SELECT count(*) FROM statements st JOIN sources s ON s.id = st.source_id \
             WHERE substr(s.body, st.char_start + 1, st.char_end - st.char_start) <> st.text;"
        ),
        "0\n"
    );
    // The check above is not vacuous: every span is compared, and a shifted one would differ.
    assert_eq!(
        sql(
            "SELECT count(*) FROM figures f JOIN sources s ON s.id = f.source_id \
             WHERE substr(s.body, f.char_start + 2, f.char_end - f.char_start) = f.evidence;"
        ),
        "0\n"
    );
    assert_eq!(
        sql("SELECT count(*) FROM figures; SELECT count(*) FROM statements;"),
        format!("{}\n{}\n", seed_rows("figures"), seed_rows("statements"))
    );

    // as_of falls back on the date of the source (appel-russie-bielorussie: 2022-01-07).
    assert_eq!(
        sql("SELECT source, value, qualifier, claimed_by, place, as_of, evidence FROM figure_report \
             WHERE metric = 'arrested' ORDER BY source, char_start;"),
        "appel-russie-bielorussie|3000|more_than|Government of Kazakhstan||2022-01-07|3000\n\
         appel-russie-bielorussie|3000|more_than|Ministry of Internal Affairs of Kazakhstan||2022-01-07|3000\n\
         appel-russie-bielorussie|200|about||Aktobe|2022-01-07|200\n\
         appel-russie-bielorussie|100|more_than||Atyrau|2022-01-07|100\n\
         shoot-to-kill|3800|more_than||||3,800\n\
         tirer-sans-avertissement|3000|exact|Government of Kazakhstan|||3 000\n\
         tokayev-tirer-pour-tuer|3700|more_than|Kazakh state television|||3 700\n"
    );
    assert_eq!(
        sql("SELECT source, language, speaker_key, speaker, kind, text FROM statement_report \
             WHERE speaker_key = 'grushko' OR source = 'shoot-to-kill' AND speaker_key = 'ablyazov' ORDER BY id;"),
        "tokayev-tirer-pour-tuer|fr|grushko|Alexander Grushko|quote|Faire ce qui est nécessaire en tant qu’allié\n\
         shoot-to-kill|en|ablyazov|Mukhtar Ablyazov|quote|I consider that this is the end of the regime, the question is only how long is it going to take,\n"
    );
    // The counts per source are those of the seed files.
    let per_source = |kind: &str, key: &str| {
        seed_records(kind)
            .iter()
            .filter(|r| r["source"] == key)
            .count()
    };
    let expected: String = [
        ("appel-russie-bielorussie", 9795),
        ("ordre-de-tirer", 4114),
        ("shoot-to-kill", 4067),
        ("tirer-sans-avertissement", 2997),
        ("tokayev-tirer-pour-tuer", 2021),
    ]
    .iter()
    .map(|(key, characters)| {
        format!(
            "{key}|{characters}|{}|{}|{}\n",
            per_source("mentions", key),
            per_source("statements", key),
            per_source("figures", key)
        )
    })
    .collect();
    assert_eq!(
        sql("SELECT key, characters, mentions, statements, figures FROM source_report ORDER BY key;"),
        expected
    );

    // Full-text search folds accents: "tokaiev" finds the one source spelling it "Tokaïev".
    let fts = "SELECT s.key FROM sources_fts JOIN sources s ON s.id = sources_fts.rowid \
               WHERE sources_fts MATCH '{}' ORDER BY s.key;";
    assert_eq!(
        sql(&fts.replace("{}", "tokaiev")),
        "tirer-sans-avertissement\n"
    );
    assert_eq!(
        sql(&fts.replace("{}", "TOKAÏEV")),
        "tirer-sans-avertissement\n"
    );
    assert_eq!(
        sql("SELECT key FROM sources WHERE instr(body, 'Tokaïev') > 0;"),
        "tirer-sans-avertissement\n"
    );
    // Statements: "etrangers" finds the quotes with "étrangers".
    assert_eq!(
        sql(
            "SELECT st.source, st.speaker_key, st.char_start FROM statements_fts \
             JOIN statement_report st ON st.id = statements_fts.rowid \
             WHERE statements_fts MATCH 'etrangers' ORDER BY st.source, st.char_start;"
        ),
        "ordre-de-tirer|tokayev|1376\n\
         tirer-sans-avertissement|tokayev|954\n"
    );
    assert_eq!(
        sql("SELECT count(*) FROM statements WHERE instr(text, 'étrangers') > 0;"),
        "2\n"
    );
}
