//! Options that name what the store holds (a source key, an entity, a metric, a vocabulary word):
//! in every command that takes them, a value naming nothing is the same usage error (exit 2, in
//! clap's own form, with the closest known values suggested), and nothing is read or written.

use crate::util::Env;

/// Every command and filter that names a source, an entity or a metric, with a value that names
/// nothing, and the `--option <PLACEHOLDER>` the error names.
const CASES: &[(&[&str], &str)] = &[
    (&["query", "sources", "--source", "nope"], "--source <KEY>"),
    (
        &["query", "sources", "--entity", "nobody"],
        "--entity <ENTITY>",
    ),
    (
        &["query", "entities", "--entity", "nobody"],
        "--entity <ENTITY>",
    ),
    (
        &["query", "aliases", "--entity", "nobody"],
        "--entity <ENTITY>",
    ),
    (&["query", "mentions", "--source", "nope"], "--source <KEY>"),
    (
        &["query", "mentions", "--entity", "nobody"],
        "--entity <ENTITY>",
    ),
    (
        &["query", "statements", "--source", "nope"],
        "--source <KEY>",
    ),
    (
        &["query", "statements", "--speaker", "nobody"],
        "--speaker <ENTITY>",
    ),
    (
        &["query", "statements", "--entity", "nobody"],
        "--entity <ENTITY>",
    ),
    (&["query", "figures", "--source", "nope"], "--source <KEY>"),
    (
        &["query", "figures", "--metric", "nope"],
        "--metric <METRIC>",
    ),
    (
        &["query", "figures", "--entity", "nobody"],
        "--entity <ENTITY>",
    ),
    (
        &["query", "figures", "--subject", "nobody"],
        "--subject <ENTITY>",
    ),
    (
        &["query", "figures", "--claimed-by", "nobody"],
        "--claimed-by <ENTITY>",
    ),
    (
        &["query", "figures", "--place", "nobody"],
        "--place <ENTITY>",
    ),
    (
        &["query", "figures", "--qualifier", "nope"],
        "--qualifier <QUALIFIER>",
    ),
    (
        &["query", "figures", "--origin", "nope"],
        "--origin <ORIGIN>",
    ),
    (&["query", "entities", "--kind", "nope"], "--kind <KIND>"),
    (&["query", "statements", "--kind", "nope"], "--kind <KIND>"),
    (&["query", "lexicon", "--kind", "nope"], "--kind <KIND>"),
    (&["compare", "--source", "nope"], "--source <KEY>"),
    (&["compare", "--metric", "nope"], "--metric <METRIC>"),
    (&["compare", "--subject", "nobody"], "--subject <ENTITY>"),
    (&["compare", "--place", "nobody"], "--place <ENTITY>"),
    (&["compare", "--origin", "nope"], "--origin <ORIGIN>"),
    (
        &["search", "étrangers", "--source", "nope"],
        "--source <KEY>",
    ),
    (&["extract", "--source", "nope"], "--source <KEY>"),
    (
        &["extract", "--dry-run", "--source", "nope"],
        "--source <KEY>",
    ),
    (&["eval", "--source", "nope"], "--source <KEY>"),
];

#[test]
fn an_unknown_value_is_the_same_usage_error_in_every_command() {
    let env = Env::seeded();
    let before = env.dump();
    for (args, option) in CASES {
        let out = env.run(args);
        let value = args.last().unwrap();
        let head = format!("error: invalid value '{value}' for '{option}'");
        assert_eq!(
            (out.code, out.stdout.as_str()),
            (2, ""),
            "{args:?}: {}",
            out.stderr
        );
        // what follows the first line: the closest known values, or (for a vocabulary without
        // a close word) every value, as clap lists them
        assert!(
            out.stderr.starts_with(&head)
                && (out.stderr.contains("\n\n  tip: ")
                    || out.stderr.contains("[possible values: ")),
            "{args:?}: {}",
            out.stderr
        );
        assert_eq!(env.dump(), before, "{args:?} changed the database");
    }
}

#[test]
fn the_closest_known_values_are_suggested() {
    let env = Env::seeded();
    for (args, tip) in [
        (
            &["query", "figures", "--source", "shoot-to-kil"][..],
            "tip: a similar value exists: 'shoot-to-kill'",
        ),
        (
            &["compare", "--metric", "arested"],
            "tip: a similar value exists: 'arrested'",
        ),
        (
            &["extract", "--source", "ordre-de-tire"],
            "tip: a similar value exists: 'ordre-de-tirer'",
        ),
        (
            &["query", "figures", "--qualifier", "abuot"],
            "tip: a similar value exists: 'about'",
        ),
    ] {
        let out = env.run(args);
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains(tip), "{args:?}: {}", out.stderr);
    }
    let out = env.run(&["query", "mentions", "--source", "shoot-to-kil"]);
    assert_eq!(
        out.stderr,
        "error: invalid value 'shoot-to-kil' for '--source <KEY>': no source has this key\n\n  tip: a similar value exists: 'shoot-to-kill'\n"
    );
    let out = env.run(&["query", "figures", "--speaker", "x"]);
    assert_eq!(
        out.code, 2,
        "an option a query does not take is clap's usage error"
    );
}

#[test]
fn known_values_are_resolved_however_they_are_spelled() {
    let env = Env::seeded();
    for args in [
        &[
            "query",
            "figures",
            "--source",
            "shoot-to-kill",
            "--metric",
            "arrested",
        ][..],
        &["query", "statements", "--speaker", "TOKAÏEV"],
        &["compare", "--metric", "arrested", "--place", "almaty"],
        &["search", "étrangers", "--source", "ordre-de-tirer"],
        &["eval", "--source", "shoot-to-kill"],
    ] {
        let out = env.run(args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
}
