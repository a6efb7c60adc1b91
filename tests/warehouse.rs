//! `export --format parquet`: every table and report view as a Parquet file, read back by a real
//! reader (pyarrow, in the virtualenv that `.ci/run` makes and names in `FACTSTORE_PYARROW`: the
//! path of its `python`), types and values compared with the store's own.

use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

use factstore::store::{view_select, Kind, REPORT_VIEWS};
use rusqlite::types::Value;
use serde_json::{json, Value as Json};

use crate::util::Env;

/// Reads every Parquet file of a folder (argv[1]) and prints, as one JSON object, each file's
/// schema (name and type of each column) and rows (days as YYYY-MM-DD, bytes in hex).
const READER: &str = r#"
import json, pathlib, sys
import pyarrow.parquet as pq
out = {}
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.parquet")):
    table = pq.read_table(path)
    rows = [[v.isoformat() if hasattr(v, "isoformat") else v.hex() if isinstance(v, bytes) else v
             for v in row.values()]
            for row in table.to_pylist()]
    out[path.stem] = {"schema": [[f.name, str(f.type), f.nullable] for f in table.schema],
                      "rows": rows}
print(json.dumps(out))
"#;

/// The python of the pyarrow virtualenv; `None`, with a notice, when it is not set up.
fn pyarrow() -> Option<PathBuf> {
    match env::var_os("FACTSTORE_PYARROW") {
        Some(python) if !python.is_empty() => Some(PathBuf::from(python)),
        _ => {
            eprintln!(
                "notice: FACTSTORE_PYARROW is not set (.ci/run sets it); skipping the pyarrow read of the Parquet export"
            );
            None
        }
    }
}

/// The rows of `sql` in the store, as JSON values (integers, floats, text, null; bytes in hex).
fn store_rows(env: &Env, sql: &str) -> Vec<Json> {
    let conn = env.conn();
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        Ok(Json::Array(
            (0..n)
                .map(|i| match r.get::<_, Value>(i).unwrap() {
                    Value::Null => Json::Null,
                    Value::Integer(v) => json!(v),
                    Value::Real(v) => json!(v),
                    Value::Text(v) => json!(v),
                    Value::Blob(v) => json!(factstore::digest::hex(&v)),
                })
                .collect(),
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn every_table_and_report_view_is_a_parquet_file() {
    let env = Env::seeded_extracted();
    let out = env.run(&["export", "--format", "parquet", "pq"]).ok();
    let mut names: Vec<String> = Kind::ALL.iter().map(|k| k.name().to_string()).collect();
    names.extend(REPORT_VIEWS.iter().map(|v| v.to_string()));
    let counts: Vec<String> = names
        .iter()
        .map(|name| {
            let sql = match Kind::ALL.iter().find(|k| k.name() == name) {
                Some(kind) => kind.warehouse_select(),
                None => view_select(name),
            };
            format!("{} {name}", store_rows(&env, &sql).len())
        })
        .collect();
    assert_eq!(
        out.stdout,
        format!("exported {} to pq\n", counts.join(", "))
    );
    let mut files: Vec<String> = fs::read_dir(env.path("pq"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<String> = names.iter().map(|n| format!("{n}.parquet")).collect();
    expected.sort();
    assert_eq!(files, expected);
    for file in &files {
        let bytes = fs::read(env.path("pq").join(file)).unwrap();
        assert!(
            bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
            "{file}"
        );
    }
}

#[test]
fn pyarrow_reads_the_store_s_values_with_their_types() {
    let Some(python) = pyarrow() else { return };
    let env = Env::seeded_extracted();
    env.run(&["-q", "export", "--format", "parquet", "pq"]).ok();
    let output = Command::new(&python)
        .args(["-c", READER])
        .arg(env.path("pq"))
        .output()
        .expect("run the pyarrow reader");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read: Json = serde_json::from_slice(&output.stdout).unwrap();
    for kind in Kind::ALL {
        let rows = store_rows(&env, &kind.warehouse_select());
        assert_eq!(
            read[kind.name()]["rows"],
            Json::Array(rows),
            "{}",
            kind.name()
        );
    }
    for view in REPORT_VIEWS {
        let rows = store_rows(&env, &view_select(view));
        assert_eq!(read[view]["rows"], Json::Array(rows), "{view}");
    }
    let schema = |name: &str| -> Vec<String> {
        read[name]["schema"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {} {}",
                    f[0].as_str().unwrap(),
                    f[1].as_str().unwrap(),
                    f[2]
                )
            })
            .collect()
    };
    assert_eq!(
        schema("figures").join(", "),
        "source string true, metric string true, value int64 true, low int64 true, high int64 true, \
         qualifier string true, unit string true, subject string true, claimed_by string true, \
         place string true, as_of date32[day] true, evidence string true, char_start int64 true, \
         char_end int64 true, origin string true, confidence double true, rule string true"
    );
    assert_eq!(
        schema("source_report").join(", "),
        "id int64 true, key string true, title string true, publisher string true, language string true, \
         published date32[day] true, characters int64 true, mentions int64 true, statements int64 true, \
         figures int64 true"
    );
    assert!(schema("sources").contains(&"body string true".to_string()));
}
