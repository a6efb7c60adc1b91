//! The bad-input corpus of whole commands, `tests/fixtures/bad/commands/<case>/`: inputs that a
//! single file of one loader cannot make (several files of one command, a dataset folder, a
//! database of an older schema, a database file that is not one), each with the exact error it
//! must give and the database left as it was.
//!
//! A case is a folder holding its inputs and:
//!
//! - `command`: the arguments after `factstore --db DB`, on one line, split at spaces; the command
//!   runs in a copy of the case's folder (symbolic links kept as links), so that messages name its
//!   files as the folder does;
//! - `expected`: the exact stderr; `{db}` stands for the database's path, `{seed_metrics}` for
//!   the metrics of the seeds;
//! - `stdout` (optional): the exact stdout (by default nothing);
//! - `exit` (optional): the exit code (by default 1);
//! - `database` (optional): `seeds` (the default: the curated seeds), `schema-v1` (the fixture
//!   `tests/fixtures/schema-v1.db`) or `file NAME` (a copy of the case's file NAME), then
//!   `read-only` to take the file's write permission away;
//! - `setup` (optional): what git cannot hold, made in the copy before the run, one per line:
//!   `fifo PATH` (a named pipe), `sparse PATH BYTES` (a file of that size, all holes).
//!
//! The database must be left exactly as it was: `sqlite3 .dump` the same before and after, and,
//! for a database that is a copy of a file, the same bytes; nothing may be added to the folder.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::bad_input::{copy_of, dump, fill_in};
use crate::util::{files_under, fixture, Env};

/// One case of the corpus.
struct Case {
    name: String,
    dir: std::path::PathBuf,
}

impl Case {
    fn read(&self, file: &str) -> Option<String> {
        fs::read_to_string(self.dir.join(file)).ok()
    }
}

/// Every case, by name.
fn corpus() -> Vec<Case> {
    let root = fixture("bad").join("commands");
    let mut cases: Vec<Case> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|dir| Case {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            dir,
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// Copies folder `from` into `to`, keeping symbolic links as links (dangling ones and loops too).
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(&source).unwrap(), &target).unwrap();
        } else if kind.is_dir() {
            copy_tree(&source, &target);
        } else {
            fs::copy(&source, &target).unwrap();
        }
    }
}

/// Makes what the case's `setup` asks for, in `dir`.
fn set_up(case: &Case, dir: &Path) {
    for line in case.read("setup").unwrap_or_default().lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[..] {
            ["fifo", path] => {
                let status = std::process::Command::new("mkfifo")
                    .arg(dir.join(path))
                    .status()
                    .expect("run mkfifo");
                assert!(status.success(), "{}: mkfifo {path}", case.name);
            }
            ["sparse", path, bytes] => {
                let file = fs::File::create(dir.join(path)).unwrap();
                file.set_len(bytes.parse().unwrap()).unwrap();
            }
            _ => panic!("{}/setup: cannot read {line:?}", case.name),
        }
    }
}

/// The database a case runs against, and whether it is a copy of a file to compare byte for byte.
fn database(case: &Case, seeded: &Env) -> (Env, bool) {
    let spec = case.read("database").unwrap_or_else(|| "seeds".into());
    let words: Vec<&str> = spec.split_whitespace().collect();
    let (env, bytes, rest) = match words[..] {
        ["seeds", ref rest @ ..] => (copy_of(seeded), false, rest),
        ["schema-v1", ref rest @ ..] => {
            let env = Env::new();
            fs::copy(fixture("schema-v1.db"), env.db()).unwrap();
            (env, false, rest)
        }
        ["file", name, ref rest @ ..] => {
            let env = Env::new();
            fs::copy(case.dir.join(name), env.db()).unwrap();
            (env, true, rest)
        }
        _ => panic!("{}/database: cannot read {spec:?}", case.name),
    };
    match rest {
        [] => {}
        ["read-only"] => {
            fs::set_permissions(env.db(), fs::Permissions::from_mode(0o444)).unwrap();
        }
        _ => panic!("{}/database: cannot read {spec:?}", case.name),
    }
    (env, bytes)
}

/// Runs `case`; returns what went wrong, if anything.
fn run(case: &Case, seeded: &Env) -> Vec<String> {
    let mut failures = Vec::new();
    let (env, bytes) = database(case, seeded);
    let work = env.path(&case.name);
    copy_tree(&case.dir, &work);
    set_up(case, &work);
    let files = files_under(&work);
    let (dump_before, bytes_before) = ((!bytes).then(|| dump(&env)), fs::read(env.db()).unwrap());
    let command = case.read("command").expect("a command file");
    let args: Vec<&str> = command.split_whitespace().collect();
    let out = env.run_in(&work, &args);
    let expected = |file: &str| {
        case.read(file)
            .map(|text| fill_in(&text).replace("{db}", &env.db_shown()))
    };
    let code: i32 = case.read("exit").map_or(1, |c| c.trim().parse().unwrap());
    let stdout = expected("stdout").unwrap_or_default();
    let stderr = expected("expected").expect("an expected file");
    if (out.code, &out.stdout, &out.stderr) != (code, &stdout, &stderr) {
        failures.push(format!(
            "{}: exit {} (expected {code})\n  stdout:   {:?}\n  expected: {stdout:?}\n  stderr:   {:?}\n  expected: {stderr:?}",
            case.name, out.code, out.stdout, out.stderr
        ));
    }
    if let Some(before) = dump_before {
        if dump(&env) != before {
            failures.push(format!("{}: the database changed", case.name));
        }
    }
    if bytes && fs::read(env.db()).unwrap() != bytes_before {
        failures.push(format!("{}: the database file changed", case.name));
    }
    if files_under(&work) != files {
        failures.push(format!(
            "{}: files appeared or went in its folder",
            case.name
        ));
    }
    failures
}

#[test]
fn each_bad_command_fails_with_its_exact_problems_and_changes_nothing() {
    let seeded = Env::seeded();
    let cases = corpus();
    assert!(cases.len() >= 10, "only {} cases", cases.len());
    let failures: Vec<String> = cases.iter().flat_map(|case| run(case, &seeded)).collect();
    assert!(
        failures.is_empty(),
        "{} failures in {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
