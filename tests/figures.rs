//! Figures read in their clause, with nothing loaded but the built-in knowledge, on passages
//! written for these tests: a noun for people yields to what befell them, countable things are
//! metric `other`, a part takes its total's metric, a day after its month and an age after a
//! name are no figures.

use crate::util::Env;

/// The figures of a store with the built-in knowledge only, after adding `text` in `language`,
/// as CSV of metric, value, qualifier, evidence and offsets.
fn figures(language: &str, text: &str) -> String {
    let env = Env::new();
    env.write("a.txt", text);
    env.run(&["-q", "add", "--language", language, "a.txt"])
        .ok();
    env.run(&[
        "sql",
        "SELECT metric, value, qualifier, evidence, char_start, char_end FROM figures
         ORDER BY char_start",
    ])
    .ok()
    .stdout
}

#[test]
fn a_noun_for_people_yields_to_what_befell_them() {
    assert_eq!(
        figures(
            "en",
            "Three soldiers were killed near the port. Six victims were later pronounced dead. \
             About 2,000 soldiers were deployed.\n"
        ),
        "metric,value,qualifier,evidence,char_start,char_end\n\
         killed,3,exact,Three,0,5\n\
         killed,6,exact,Six,42,45\n\
         troops,2000,about,\"2,000\",88,93\n"
    );
    assert_eq!(
        figures("fr", "Deux policiers ont été blessés lors des heurts.\n"),
        "metric,value,qualifier,evidence,char_start,char_end\ninjured,2,exact,Deux,0,4\n"
    );
    assert_eq!(
        figures("de", "Drei Polizisten wurden verletzt.\n"),
        "metric,value,qualifier,evidence,char_start,char_end\ninjured,3,exact,Drei,0,4\n"
    );
}

#[test]
fn countable_things_are_metric_other_and_a_day_after_its_month_is_no_figure() {
    assert_eq!(
        figures(
            "en",
            "On Feb. 9, 40 buildings collapsed and 12 homes burned, the governor said on March 3.\n"
        ),
        "metric,value,qualifier,evidence,char_start,char_end\n\
         other,40,exact,40,11,13\n\
         other,12,exact,12,38,40\n"
    );
    assert_eq!(
        figures(
            "es",
            "Ardieron 15 vehículos y cuatro personas resultaron intoxicadas.\n"
        ),
        "metric,value,qualifier,evidence,char_start,char_end\n\
         other,15,exact,15,9,11\n\
         injured,4,exact,cuatro,24,30\n"
    );
}

#[test]
fn a_part_takes_its_totals_metric_and_an_age_after_a_name_is_no_figure() {
    assert_eq!(
        figures(
            "en",
            "The death toll rose to 41, including 12 children. Among the dead was the pilot, \
             John Smith, 52, and 7 passengers died.\n"
        ),
        "metric,value,qualifier,evidence,char_start,char_end\n\
         killed,41,exact,41,23,25\n\
         killed,12,exact,12,37,39\n\
         killed,7,exact,7,100,101\n"
    );
}
