//! Several processes on one database at once: two loaders and readers started together. The
//! second loader waits for the first (neither fails), readers keep working during the loads (WAL),
//! and every reader sees each load either not at all or whole, never part of it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use crate::util::{dump_tables, load_report, Env, CONTENT_TABLES};

/// A figures file for `load figures`: one figure of `metric` at every `step`-th alphanumeric
/// character (from the `first`-th) of every source of `env`, its evidence that one character,
/// skipping the spans where `env` already has a curated figure of that metric. Returns the CSV
/// and its rows as (source key, char_start, evidence, value).
fn figures_file(
    env: &Env,
    metric: &str,
    first: usize,
    step: usize,
) -> (String, Vec<(String, i64, String, i64)>) {
    let conn = env.conn();
    let taken: HashSet<(String, i64, i64)> = conn
        .prepare(
            "SELECT s.key, f.char_start, f.char_end FROM figures AS f JOIN sources AS s ON s.id = f.source_id
             WHERE f.metric = ?1 AND f.origin = 'curated'",
        )
        .unwrap()
        .query_map([metric], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let sources: Vec<(String, String)> = conn
        .prepare("SELECT key, body FROM sources ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut csv = String::from("source,metric,value,evidence,char_start,char_end\n");
    let mut rows = Vec::new();
    for (key, body) in sources {
        let letters = body
            .chars()
            .enumerate()
            .filter(|(_, c)| c.is_alphanumeric())
            .skip(first)
            .step_by(step);
        for (i, c) in letters {
            let i = i as i64;
            if taken.contains(&(key.clone(), i, i + 1)) {
                continue;
            }
            let value = i % 997;
            csv.push_str(&format!("{key},{metric},{value},{c},{i},{}\n", i + 1));
            rows.push((key.clone(), i, c.to_string(), value));
        }
    }
    (csv, rows)
}

/// What one process returned: its arguments, exit code, stdout and stderr.
struct Ran {
    args: Vec<String>,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `factstore --db DB ARGS` in folder `cwd` to its end.
fn run(db: &Path, cwd: &Path, args: &[String]) -> Ran {
    let output = Command::new(assert_cmd::cargo::cargo_bin("factstore"))
        .env_remove("FACTSTORE_DB")
        .current_dir(cwd)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run factstore");
    Ran {
        args: args.to_vec(),
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// The snapshot the poller reads in one statement: curated figures of each load's metric, and the
/// `loads` rows of each file.
const SNAPSHOT: &str = "SELECT \
     (SELECT count(*) FROM figures WHERE metric = 'troops' AND origin = 'curated'), \
     (SELECT count(*) FROM loads WHERE path LIKE '%troops.csv'), \
     (SELECT count(*) FROM figures WHERE metric = 'aircraft' AND origin = 'curated'), \
     (SELECT count(*) FROM loads WHERE path LIKE '%aircraft.csv')";

/// The numbers of [`SNAPSHOT`] in the line `sql --no-headers` writes.
fn snapshot(line: &str) -> [i64; 4] {
    let numbers: Vec<i64> = line
        .trim_end()
        .split(',')
        .map(|n| {
            n.parse()
                .unwrap_or_else(|_| panic!("not a snapshot: {line:?}"))
        })
        .collect();
    numbers
        .try_into()
        .unwrap_or_else(|_| panic!("not a snapshot: {line:?}"))
}

#[test]
fn two_loaders_and_four_readers_at_once() {
    let env = Env::seeded();
    let (troops_csv, troops) = figures_file(&env, "troops", 0, 3);
    let (aircraft_csv, aircraft) = figures_file(&env, "aircraft", 1, 3);
    assert!(troops.len() > 1000 && aircraft.len() > 1000);
    env.write("troops.csv", troops_csv);
    env.write("aircraft.csv", aircraft_csv);
    let before = snapshot(&env.run(&["sql", "--no-headers", SNAPSHOT]).ok().stdout);
    let [t0, lt0, a0, la0] = before;
    let f0 = env.count("figures");
    assert_eq!((lt0, la0), (0, 0));
    let after = [t0 + troops.len() as i64, 1, a0 + aircraft.len() as i64, 1];
    let untouched: Vec<&str> = CONTENT_TABLES
        .into_iter()
        .filter(|t| *t != "figures")
        .collect();
    let content_before = dump_tables(env.db(), &untouched);
    let other_figures =
        "SELECT * FROM figures WHERE metric NOT IN ('troops', 'aircraft') ORDER BY id";
    let other_figures_before = env.rows(other_figures);

    let db: PathBuf = env.db().to_path_buf();
    let cwd: PathBuf = env.dir().to_path_buf();
    let commands: Vec<Vec<String>> = vec![
        strings(&["load", "figures", "troops.csv"]),
        strings(&["load", "figures", "aircraft.csv"]),
        strings(&["query", "figures"]),
        strings(&["sql", "SELECT count(*) FROM figures"]),
        strings(&["compare"]),
        strings(&["search", "tokayev"]),
        strings(&["init"]),
    ];
    let loaders = 2;
    let barrier = Arc::new(Barrier::new(commands.len() + 1));
    let loading = Arc::new(AtomicUsize::new(loaders));
    let handles: Vec<_> = commands
        .into_iter()
        .enumerate()
        .map(|(i, args)| {
            let (db, cwd, barrier, loading) =
                (db.clone(), cwd.clone(), barrier.clone(), loading.clone());
            thread::spawn(move || {
                barrier.wait();
                let ran = run(&db, &cwd, &args);
                if i < loaders {
                    loading.fetch_sub(1, Ordering::SeqCst);
                }
                ran
            })
        })
        .collect();
    // The poller: reads the snapshot again and again while a loader runs.
    let poller = {
        let (db, cwd, barrier, loading) =
            (db.clone(), cwd.clone(), barrier.clone(), loading.clone());
        thread::spawn(move || {
            barrier.wait();
            let mut seen = Vec::new();
            // (A limit, should a loader thread die without saying it is done.)
            let deadline = Instant::now() + Duration::from_secs(120);
            loop {
                let running = loading.load(Ordering::SeqCst) > 0 && Instant::now() < deadline;
                let ran = run(&db, &cwd, &strings(&["sql", "--no-headers", SNAPSHOT]));
                // Only a poll that ended while a loader was still running counts as "during".
                let during = running && loading.load(Ordering::SeqCst) > 0;
                seen.push((ran, during));
                if !running {
                    break seen;
                }
            }
        })
    };
    let ran: Vec<Ran> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let polls = poller.join().unwrap();

    for r in ran.iter().chain(polls.iter().map(|(r, _)| r)) {
        assert!(
            !r.stderr.contains("database is locked"),
            "{:?}: {}",
            r.args,
            r.stderr
        );
        assert_eq!(
            (r.code, r.stderr.as_str()),
            (Some(0), ""),
            "{:?} failed; stdout:\n{}",
            r.args,
            r.stdout
        );
    }
    // Each loader inserted its whole file.
    for (r, (file, n)) in ran.iter().zip([
        ("troops.csv", troops.len()),
        ("aircraft.csv", aircraft.len()),
    ]) {
        assert_eq!(
            r.stdout,
            load_report(&[(file.to_string(), "figures", n, 0, 0)]),
            "{:?}",
            r.args
        );
    }
    // The readers wrote whole outputs; the count is the count before or after each load.
    let counted: i64 = ran[3].stdout.lines().nth(1).unwrap().parse().unwrap();
    let (t, a) = (troops.len() as i64, aircraft.len() as i64);
    assert!(
        [f0, f0 + t, f0 + a, f0 + t + a].contains(&counted),
        "sql counted {counted} figures during the loads (before: {f0}, loads of {t} and {a})"
    );
    assert!(ran[2].stdout.starts_with("source,metric,value,"));
    assert!(ran[4].stdout.starts_with("metric,unit,subject,place,"));
    assert!(ran[5].stdout.lines().count() > 1, "{}", ran[5].stdout);

    // Every poll saw each load not at all or whole, with its loads row, never in between.
    let mut during = 0;
    let mut states = std::collections::BTreeSet::new();
    for (r, was_during) in &polls {
        let [t, lt, a, la] = snapshot(&r.stdout);
        states.insert((lt, la));
        assert!(
            [(t0, 0), (after[0], 1)].contains(&(t, lt)),
            "troops load seen half-done: {t} figures, {lt} loads rows (before: {t0}, after: {})",
            after[0]
        );
        assert!(
            [(a0, 0), (after[2], 1)].contains(&(a, la)),
            "aircraft load seen half-done: {a} figures, {la} loads rows (before: {a0}, after: {})",
            after[2]
        );
        during += usize::from(*was_during);
    }
    assert!(during > 0, "no poll ran during a load");
    eprintln!(
        "concurrency: {} + {} figures loaded at once; {} polls, {during} during a load; \
         states seen (troops load done, aircraft load done): {states:?}",
        troops.len(),
        aircraft.len(),
        polls.len()
    );

    // The end holds both loads, exactly, and nothing else changed.
    assert_eq!(
        snapshot(&env.run(&["sql", "--no-headers", SNAPSHOT]).ok().stdout),
        after
    );
    for (metric, rows) in [("troops", &troops), ("aircraft", &aircraft)] {
        let stored: Vec<(String, i64, String, i64)> = env
            .conn()
            .prepare(
                "SELECT s.key, f.char_start, f.evidence, f.value FROM figures AS f
                 JOIN sources AS s ON s.id = f.source_id
                 WHERE f.load_id = (SELECT id FROM loads WHERE path LIKE '%' || ?1 || '.csv')
                 ORDER BY s.id, f.char_start",
            )
            .unwrap()
            .query_map([metric], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(&stored, rows, "{metric}");
    }
    assert_eq!(dump_tables(env.db(), &untouched), content_before);
    assert_eq!(env.rows(other_figures), other_figures_before);
    env.run(&["check"]).ok();
}
