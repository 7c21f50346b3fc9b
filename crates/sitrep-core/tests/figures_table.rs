//! The figure rules against `figures_table.tsv`: sentences and the figures an analyst would take
//! from them, one case per line (`SENTENCE<TAB>measure=number/qualifier; …` or `-`).
//!
//! The table is the specification and holds cases the rules do not get right yet; this test is a
//! ratchet: it fails when fewer cases pass than `PASSING_FLOOR`, and prints every failing case.
//! Raise the floor when the rules improve.

use sitrep_core::extract::{ExtractInput, extract_figures};

const TABLE: &str = include_str!("figures_table.tsv");
/// Cases passing today, less nothing: a change that breaks one must fix another.
const PASSING_FLOOR: usize = 576;

fn describe(text: &str) -> Vec<String> {
    extract_figures(&ExtractInput { text, published: None })
        .iter()
        .map(|f| {
            let number = match f.value {
                Some(value) => value.to_string(),
                None => {
                    let lower = f.text.to_lowercase();
                    sitrep_core::extract::VAGUE
                        .iter()
                        .map(|(word, _, _)| *word)
                        .find(|word| lower.contains(word))
                        .unwrap_or("?")
                        .to_owned()
                }
            };
            format!("{}={}/{}", f.measure.as_str(), number, f.qualifier.as_str())
        })
        .collect()
}

#[test]
fn figures_table() {
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut total = 0;
    for (line_number, line) in TABLE.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((sentence, expected)) = line.split_once('\t') else {
            panic!("figures_table.tsv:{}: no tab", line_number + 1);
        };
        total += 1;
        let expected: Vec<String> = if expected.trim() == "-" {
            Vec::new()
        } else {
            expected.split(';').map(|e| e.trim().to_owned()).filter(|e| !e.is_empty()).collect()
        };
        let got = describe(sentence);
        if got == expected {
            passed += 1;
        } else {
            failures.push(format!("{}: {sentence}\n    expected {expected:?}\n    got      {got:?}", line_number + 1));
        }
    }
    eprintln!("figures table: {passed} of {total} cases pass");
    for failure in &failures {
        eprintln!("{failure}");
    }
    assert!(total >= 400, "the table should hold hundreds of cases, found {total}");
    assert!(passed >= PASSING_FLOOR, "{passed} of {total} pass, below the floor {PASSING_FLOOR}");
}
