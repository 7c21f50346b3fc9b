//! What a figure is tied to besides its number — place, time scope and its kind, source,
//! displacement — against `figure_context_table.tsv`, one case per line. Every case must hold:
//! a case the rules get wrong is written with today's answer and a FIXME saying what is wrong.

use chrono::NaiveDate;
use sitrep_core::extract::{ExtractInput, extract_figures};
use sitrep_core::figure::Figure;

const TABLE: &str = include_str!("figure_context_table.tsv");

fn field(figure: &Figure, name: &str) -> Option<String> {
    let scope = figure.scope.as_ref();
    let day = |date: Option<NaiveDate>| date.map(|d| d.to_string());
    match name {
        "place" => figure.place.as_ref().map(|p| p.name.clone().unwrap_or_else(|| p.text.clone())),
        "scope" => scope.map(|s| s.text.clone()),
        "kind" => scope.map(|s| s.kind.as_str().to_owned()),
        "start" => scope.and_then(|s| day(s.start)),
        "end" => scope.and_then(|s| day(s.end)),
        "source" => figure.source.clone(),
        "displacement" => figure.displacement.map(|d| d.as_str().to_owned()),
        "subset" => Some(figure.subset.to_string()),
        other => panic!("figure_context_table.tsv: unknown field {other:?}"),
    }
}

#[test]
fn figure_context_table() {
    let mut failures = Vec::new();
    let mut total = 0;
    for (index, line) in TABLE.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        let [published, text, number, expected] = columns[..] else {
            panic!("figure_context_table.tsv:{}: expected four tab-separated columns", index + 1);
        };
        total += 1;
        let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        let text = text.replace("\\n", "\n");
        let figures = extract_figures(&ExtractInput { text: &text, published });
        let Some(figure) = figures.iter().find(|f| f.text == number) else {
            let found: Vec<&str> = figures.iter().map(|f| f.text.as_str()).collect();
            failures.push(format!("{}: no figure {number:?} (found {found:?}) in {text}", index + 1));
            continue;
        };
        for pair in expected.split("; ") {
            let (name, want) = pair.split_once('=').unwrap_or((pair, ""));
            let want = (want != "-").then(|| want.to_owned());
            let got = field(figure, name);
            if got != want {
                failures.push(format!("{}: {name}: expected {want:?}, got {got:?} — {text}", index + 1));
            }
        }
    }
    assert!(total > 0, "the table is empty");
    assert!(failures.is_empty(), "{} of {total} cases fail:\n{}", failures.len(), failures.join("\n"));
}
