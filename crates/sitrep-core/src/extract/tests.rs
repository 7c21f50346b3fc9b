//! The figure rules on a table of sentences: `tests/figures_table.tsv` (sentence, expected
//! figures) — adding a case is adding a line — plus the seeds' sentences.

use super::*;

/// `measure=number/qualifier` for every figure of a text, in order.
fn describe(text: &str) -> Vec<String> {
    extract_figures(&ExtractInput { text, published: None })
        .iter()
        .map(|f| {
            let number = match (&f.value, f.qualifier) {
                (Some(value), _) => value.to_string(),
                (None, _) => f.text.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase(),
            };
            format!("{}={}/{}", f.measure.as_str(), number, f.qualifier.as_str())
        })
        .collect()
}

#[test]
fn seed_sentences() {
    let cases: &[(&str, &[&str])] = &[
        (
            "About 8,000 refugees fleeing violence in Syria have crossed into Turkey in the last 24 hours, a Turkish foreign ministry official said on Friday.",
            &["displaced=8000/about"],
        ),
        ("Turkey already shelters more than 120,000 Syrian refugees.", &["refugees=120000/more_than"]),
        (
            "Ten people were killed in clashes as rebels took Ras al-Ain, 600 km (375 miles) from Damascus, the sources said.",
            &["killed=10/exact"],
        ),
        (
            "The Syrian Observatory for Human Rights said at least 12 people were killed by army shelling in the eastern town of al-Qurriya.",
            &["killed=12/at_least"],
        ),
        (
            "At least 2400 Syrians have already crossed the border into Turkey, according to UN and Turkish officials.",
            &["displaced=2400/at_least"],
        ),
        (
            "Human rights groups say more than 1,100 people have been killed since protests against President Asad began in March.",
            &["killed=1100/more_than"],
        ),
        ("the clashes had prompted most of the town's 50,000 inhabitants to flee.", &["displaced=50000/most_of"]),
        ("Twenty-six Syrian army officers defect to Turkey overnight, officials say.", &["defected=26/exact"]),
        ("Yayladagi can hold up to 5,000 people.", &[]),
        ("An estimated 30,000 Syrian soldiers were massing on the border.", &[]),
        ("home to many of Syria's one million Kurds.", &[]),
        ("Over 50 protests were planned for Friday.", &[]),
        ("The refugees are living in four refugee camps 20km from the border.", &[]),
        ("several hundred security forces may also have died.", &["killed=several hundred/vague"]),
        ("As many as 100,000 people may be forced from their homes, the agency warned.", &[]),
        ("He said 41 of the dead were children.", &["killed=41/exact"]),
        ("The Anatolian news agency said the number of refugees had reached 8,538.", &["refugees=8538/exact"]),
        ("after arresting hundreds of people in villages near Jisr al-Shughour", &["arrested=hundreds/vague"]),
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter(|(text, expected)| describe(text) != *expected)
        .map(|(text, expected)| format!("{text}\n    expected {expected:?}\n    got      {:?}", describe(text)))
        .collect();
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn source_place_scope_and_offsets() {
    let text = "ANKARA - About 8,000 refugees fleeing violence in Syria have crossed into Turkey in the last 24 hours, a Turkish foreign ministry official said on Friday.\n\nHe said 12 people were killed.";
    let published = NaiveDate::from_ymd_opt(2012, 11, 9);
    let figures = extract_figures(&ExtractInput { text, published });
    assert_eq!(figures.len(), 2);
    let first = &figures[0];
    assert_eq!(first.source.as_deref(), Some("a Turkish foreign ministry official"));
    // The displaced are placed where they went, resolved against the gazetteer.
    let place = first.place.as_ref().expect("a place");
    assert_eq!(
        (place.text.as_str(), place.country.as_deref(), place.precision),
        ("Turkey", Some("TR"), Some("country"))
    );
    let scope = first.scope.as_ref().expect("a scope");
    assert_eq!(scope.text, "in the last 24 hours");
    assert_eq!(scope.start, NaiveDate::from_ymd_opt(2012, 11, 8));
    let (start, end) = first.span;
    let number: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(number, "8,000");
    // "He said" resolves to the source named before.
    assert_eq!(figures[1].source.as_deref(), Some("a Turkish foreign ministry official"));
}

/// Where the news was given ("a report issued in Delhi", "told reporters in Cox's Bazar") is not
/// where the people were counted.
#[test]
fn a_reporting_place_is_not_the_figures_place() {
    let places = |text: &str| -> Vec<Option<String>> {
        extract_figures(&ExtractInput { text, published: None })
            .into_iter()
            .map(|f| f.place.map(|p| p.name.unwrap_or(p.text)))
            .collect()
    };
    let issued = places(
        "India's Ministry of Home Affairs, in a situation report issued in Delhi, listed 27 deaths in the state, \
         including six people who drowned in flash floods in Gajapati.",
    );
    assert!(!issued.is_empty() && issued.iter().all(|p| p.as_deref() != Some("Delhi")), "{issued:?}");
    let told = places("The commissioner told reporters in Teknaf that more than 80,000 had crossed from Myanmar.");
    assert_eq!(told.len(), 1);
    assert_ne!(told[0].as_deref(), Some("Teknaf"));
}

/// A dateline's words ("MISRATAH, Libya, April 25 (TNS) —") are where the reporter is: the
/// place named in the sentence itself wins.
#[test]
fn the_dateline_country_is_not_the_sentences_place() {
    let text = "MISRATAH, Libya, April 25 (TNS) — About 30 Libyan soldiers defected to the rebel side during \
                fighting in Misratah over the weekend, rebel commanders said on Monday.";
    let figures = extract_figures(&ExtractInput { text, published: None });
    assert_eq!(figures.len(), 1);
    let place = figures[0].place.as_ref().map(|p| p.text.as_str());
    assert_eq!(place, Some("Misratah"));
}

/// A name before "department", "district", "province"… is an area even where the gazetteer
/// (which lacks most regions outside the US) does not know it; "the State Department" is not.
#[test]
fn a_named_administrative_area_is_a_place() {
    let place_of = |text: &str| {
        extract_figures(&ExtractInput { text, published: None })
            .first()
            .and_then(|f| f.place.as_ref().map(|p| p.text.clone()))
    };
    let outbreak =
        "A cholera outbreak in the flood-stricken Artibonite department has killed 23 people, the ministry said.";
    assert_eq!(place_of(outbreak).as_deref(), Some("Artibonite"));
    assert_eq!(place_of("The State Department said 12 Americans were killed."), None);
}

proptest::proptest! {
    #[test]
    fn extraction_never_panics(text in "(?s).{0,400}") {
        let _ = extract_figures(&ExtractInput { text: &text, published: NaiveDate::from_ymd_opt(2012, 1, 1) });
    }

    #[test]
    fn extraction_never_panics_on_numbery_text(text in "([0-9,. ]{1,8}(people|killed|at least|km|-year-old|hundreds|of|the|,|\\.|\n)? ?){0,40}") {
        let _ = extract_figures(&ExtractInput { text: &text, published: None });
    }

    // Numbers next to the words of time scopes, with a published date to resolve them against
    // (a span beyond the calendar once panicked).
    #[test]
    fn extraction_never_panics_on_time_scopes(text in "((people were killed|in the past|since|days ago|years ago|weeks|hours|overnight|on Monday|as of|in March|last year|,|\\.) ?[0-9]{0,20} ?){0,30}") {
        let _ = extract_figures(&ExtractInput { text: &text, published: NaiveDate::from_ymd_opt(2012, 1, 1) });
    }
}
