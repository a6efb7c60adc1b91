//! Figures read in their clause, with nothing loaded but the built-in knowledge, on passages
//! written for these tests: a noun for people yields to what befell them, countable things are
//! metric `other` with what they count, a part takes its total's metric, a verb right before a
//! number is its metric, a day after its month, an age after a name and a duration are no
//! figures.

use crate::util::Env;

/// The figures of a store with the built-in knowledge only, after adding `text` in `language`,
/// as CSV of metric, unit, value, qualifier, evidence and offsets.
fn figures(language: &str, text: &str) -> String {
    let env = Env::new();
    env.write("a.txt", text);
    env.run(&["-q", "add", "--language", language, "a.txt"])
        .ok();
    env.run(&[
        "sql",
        "SELECT metric, unit, value, qualifier, evidence, char_start, char_end FROM figures
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
        "metric,unit,value,qualifier,evidence,char_start,char_end\n\
         killed,,3,exact,Three,0,5\n\
         killed,,6,exact,Six,42,45\n\
         troops,,2000,about,\"2,000\",88,93\n"
    );
    assert_eq!(
        figures("fr", "Deux policiers ont été blessés lors des heurts.\n"),
        "metric,unit,value,qualifier,evidence,char_start,char_end\ninjured,,2,exact,Deux,0,4\n"
    );
    assert_eq!(
        figures("de", "Drei Polizisten wurden verletzt.\n"),
        "metric,unit,value,qualifier,evidence,char_start,char_end\ninjured,,3,exact,Drei,0,4\n"
    );
}

#[test]
fn countable_things_are_metric_other_and_a_day_after_its_month_is_no_figure() {
    assert_eq!(
        figures(
            "en",
            "On Feb. 9, 40 buildings collapsed and 12 homes burned, the governor said on March 3.\n"
        ),
        "metric,unit,value,qualifier,evidence,char_start,char_end\n\
         other,buildings,40,exact,40,11,13\n\
         other,homes,12,exact,12,38,40\n"
    );
    assert_eq!(
        figures(
            "es",
            "Ardieron 15 vehículos y cuatro personas resultaron intoxicadas.\n"
        ),
        "metric,unit,value,qualifier,evidence,char_start,char_end\n\
         other,vehicles,15,exact,15,9,11\n\
         injured,,4,exact,cuatro,24,30\n"
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
        "metric,unit,value,qualifier,evidence,char_start,char_end\n\
         killed,,41,exact,41,23,25\n\
         killed,,12,exact,12,37,39\n\
         killed,,7,exact,7,100,101\n"
    );
}

#[test]
fn a_verb_right_before_a_number_is_its_metric() {
    assert_eq!(
        figures(
            "en",
            "The earthquake killed more than 820 people and injured 672, 205 of them seriously.\n"
        ),
        "metric,unit,value,qualifier,evidence,char_start,char_end\n\
         killed,,820,more_than,820,32,35\n\
         injured,,672,exact,672,55,58\n\
         injured,,205,exact,205,60,63\n"
    );
    // past a comma, the metric of the number's own clause wins over the next clause's
    assert_eq!(
        figures(
            "en",
            "The number of missing has dropped to 66, the confirmed death toll remains at 115.\n"
        ),
        "metric,unit,value,qualifier,evidence,char_start,char_end\n\
         other,missing,66,exact,66,37,39\n\
         killed,,115,exact,115,77,80\n"
    );
}

#[test]
fn a_group_noun_yields_only_to_what_befell_its_people() {
    // rescuers look for the missing: they stay rescuers
    assert_eq!(
        figures("de", "Hunderte Einsatzkräfte suchten nach Vermissten.\n"),
        "metric,unit,value,qualifier,evidence,char_start,char_end\n\
         troops,,,hundreds,Hunderte,0,8\n"
    );
    assert_eq!(
        figures(
            "en",
            "Two children were killed and six are in a critical condition. Two people were \
             rescued from the water.\n"
        ),
        "metric,unit,value,qualifier,evidence,char_start,char_end\n\
         killed,,2,exact,Two,0,3\n\
         injured,,6,exact,six,29,32\n\
         other,rescued,2,exact,Two,62,65\n"
    );
}

#[test]
fn ages_in_pairs_and_durations_are_no_figures() {
    assert_eq!(
        figures("fr", "Deux enfants de 9 et 14 ans ont été hospitalisés.\n"),
        "metric,unit,value,qualifier,evidence,char_start,char_end\n\
         injured,,2,exact,Deux,0,4\n"
    );
    assert_eq!(
        figures(
            "en",
            "It was the deadliest tremor in more than six decades; 300 people were injured.\n"
        ),
        "metric,unit,value,qualifier,evidence,char_start,char_end\n\
         injured,,300,exact,300,54,57\n"
    );
}
