//! `scripts/distributed-extract`: the seed articles extracted on Dask's distributed scheduler
//! (a local cluster of two worker processes, three partitions), loaded into a store, against one
//! `extract --stream` of the whole corpus loaded the same way. Dask comes from the virtualenv
//! that `.ci/run` makes and names in `FACTSTORE_DASK` (the path of its `python`).

use std::env;
use std::process::Command;

use crate::stream::{knowledge_only, seed_articles, stream};
use crate::util::manifest_dir;

#[test]
fn a_dask_cluster_stores_what_one_process_stores() {
    let Some(python) = env::var_os("FACTSTORE_DASK").filter(|p| !p.is_empty()) else {
        eprintln!("notice: FACTSTORE_DASK is not set (.ci/run sets it); skipping the Dask extraction test");
        return;
    };
    let knowledge = knowledge_only();
    let articles = seed_articles().concat();
    let input = knowledge.write("articles.jsonl", &articles);
    let target = knowledge_only();
    let factstore = assert_cmd::cargo::cargo_bin("factstore");
    let output = Command::new(python)
        .arg(manifest_dir().join("scripts/distributed-extract"))
        .args(["--workers", "2", "--partitions", "3", "--knowledge"])
        .arg(knowledge.db())
        .arg("--factstore")
        .arg(&factstore)
        .arg("--output")
        .arg(knowledge.path("rows.jsonl"))
        .arg("--load")
        .arg(target.db())
        .arg(&input)
        .output()
        .expect("run scripts/distributed-extract");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("5 articles in 3 partitions on 2 local workers"),
        "{stderr}"
    );
    // One process: the whole corpus through one extract --stream, loaded the same way.
    let single = knowledge_only();
    let rows = stream(&single, &articles, "1");
    assert_eq!(
        std::fs::read_to_string(knowledge.path("rows.jsonl")).unwrap(),
        rows
    );
    single.write("rows.jsonl", &rows);
    single.run(&["-q", "load", "extracted", "rows.jsonl"]).ok();
    assert!(single.extracted_rows() > 400);
    assert_eq!(target.dump_content(), single.dump_content());
}
