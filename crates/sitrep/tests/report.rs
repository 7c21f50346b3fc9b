//! The situation report on the bundled seeds: what the issue says they must show, golden files
//! of every format (regenerate with `SITREP_UPDATE_GOLDEN=1 cargo test --test report`), exports,
//! and hostile text escaped.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

fn sitrep(db: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_sitrep")).arg("--db").arg(db).args(args).output().expect("runs");
    assert!(output.status.success(), "sitrep {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn seeds_db(dir: &Path) -> PathBuf {
    let db = dir.join("seeds.db");
    sitrep(&db, &["ingest", repo("examples/seeds/articles.jsonl").to_str().expect("utf-8")]);
    db
}

fn values(quantity: &serde_json::Value) -> Vec<u64> {
    quantity["timeline"].as_array().into_iter().flatten().filter_map(|r| r["value"].as_u64()).collect()
}

#[test]
fn the_seeds_show_what_the_issue_asks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = seeds_db(dir.path());
    let report: serde_json::Value = serde_json::from_str(&sitrep(&db, &["report", "--format", "json"])).expect("JSON");
    let stories = report["stories"].as_array().expect("stories");
    let june = stories
        .iter()
        .find(|s| s["articles"].as_array().is_some_and(|a| a.iter().any(|i| i == "seed-000")))
        .expect("June 2011");
    let november = stories
        .iter()
        .find(|s| s["articles"].as_array().is_some_and(|a| a.iter().any(|i| i == "seed-001")))
        .expect("November 2012");
    let quantities = |story: &serde_json::Value| story["quantities"].as_array().cloned().unwrap_or_default();
    let place = |q: &serde_json::Value| q["place"]["name"].as_str().unwrap_or("").to_owned();

    // June 2011: refugees in Turkey 2,000 -> 2,400 -> 8,538, three independent sources.
    let refugees = quantities(june)
        .into_iter()
        .find(|q| q["measure"] == "refugees" && place(q) == "Turkey")
        .expect("refugees in Turkey");
    assert_eq!(values(&refugees), vec![2000, 2400, 8538]);
    assert_eq!(refugees["best"], 8538);
    assert_eq!(refugees["n_sources"], 3);
    // 120 security personnel killed according to the government.
    let security = quantities(june)
        .into_iter()
        .find(|q| q["measure"] == "killed" && q["best"] == 120 && q["who"].is_string())
        .expect("120 killed");
    assert!(
        security["sources"]
            .as_array()
            .is_some_and(|s| s.iter().any(|x| x["source"].as_str().is_some_and(|n| n.contains("government"))))
    );
    // The toll since March as more than 1,100 and as 1,300 by two rights-group reports.
    let toll = quantities(june)
        .into_iter()
        .find(|q| q["measure"] == "killed" && place(q) == "Syria" && q["who"].is_null())
        .expect("toll");
    assert_eq!(values(&toll), vec![1100, 1300]);
    assert_eq!(toll["n_sources"], 2);

    // November 2012: about 8,000 in 24 hours, one independent source in two outlets.
    let flow = quantities(november)
        .into_iter()
        .find(|q| q["measure"] == "displaced" && q["best"] == 8000)
        .expect("8,000 in 24 hours");
    assert!(flow["scope"].as_str().is_some_and(|s| s.contains("24")), "{flow}");
    assert_eq!(flow["n_sources"], 1);
    assert_eq!(flow["sources"][0]["outlets"].as_array().map(Vec::len), Some(2));
    // Turkey hosting more than 120,000 and the region more than 400,000: separate quantities.
    let hosted =
        quantities(november).into_iter().find(|q| q["measure"] == "refugees" && place(q) == "Turkey").expect("120,000");
    assert_eq!(hosted["best"], 120_000);
    assert!(quantities(november).iter().any(|q| q["measure"] == "refugees" && q["best"] == 400_000));
    // Summaries cite their sentences.
    for story in [june, november] {
        let summary = story["summary"].as_array().expect("summary");
        assert!((3..=5).contains(&summary.len()), "{summary:?}");
        assert!(summary.iter().all(|s| s["outlet"].is_string() && s["sentence"].is_string()));
    }
}

#[test]
fn golden_reports_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = seeds_db(dir.path());
    let update = std::env::var_os("SITREP_UPDATE_GOLDEN").is_some();
    for format in ["text", "markdown", "json", "html"] {
        let output = sitrep(&db, &["report", "--format", format]);
        if format == "text" {
            for line in output.lines() {
                assert!(line.chars().count() <= 100, "wider than 100 columns: {line:?}");
            }
            assert!(!output.contains('\x1b'), "no colour when not on a terminal");
        }
        let golden = repo(&format!("crates/sitrep/tests/golden/seeds-report.{format}"));
        if update {
            std::fs::write(&golden, &output).expect("write golden");
        }
        let expected = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{}: {e} (run with SITREP_UPDATE_GOLDEN=1 to create it)", golden.display()));
        assert_eq!(output, expected, "{format} report differs from {}", golden.display());
    }
}

#[test]
fn exports_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = seeds_db(dir.path());
    let csv = sitrep(&db, &["export", "--format", "csv"]);
    assert!(csv.starts_with("story,measure,"));
    assert!(csv.lines().count() > 5);
    let hxl = sitrep(&db, &["export", "--format", "hxl"]);
    assert!(hxl.lines().nth(1).is_some_and(|l| l.starts_with("#event+id,")), "{hxl}");
    let geojson: serde_json::Value =
        serde_json::from_str(&sitrep(&db, &["export", "--format", "geojson"])).expect("GeoJSON");
    assert_eq!(geojson["type"], "FeatureCollection");
    assert!(geojson["features"].as_array().is_some_and(|f| !f.is_empty()));
    let figures = sitrep(&db, &["export", "--format", "csv", "--figures"]);
    assert!(figures.starts_with("article,story,"));
    assert!(figures.contains("seed-001"));
    // One row per story: the June 2011 story's refugees reach 8,538, the November one's
    // displaced 8,000 (in 24 hours).
    let totals = sitrep(&db, &["export", "--format", "csv", "--totals"]);
    let header: Vec<&str> = totals.lines().next().expect("a header").split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).expect("a column");
    let rows: Vec<Vec<String>> = totals.lines().skip(1).map(|l| l.rsplit(',').map(str::to_owned).collect()).collect();
    assert_eq!(rows.len(), 2, "{totals}");
    // Split from the right: the title may hold commas, the measures do not.
    let from_right = |row: &Vec<String>, name: &str| row[header.len() - 1 - column(name)].clone();
    let values: Vec<(String, String)> =
        rows.iter().map(|r| (from_right(r, "refugees"), from_right(r, "displaced"))).collect();
    assert!(values.contains(&("8538".to_owned(), String::new())), "{totals}");
    assert!(values.contains(&("120000".to_owned(), "8000".to_owned())), "{totals}");
}

#[test]
fn hostile_text_is_escaped_in_html() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("hostile.jsonl");
    std::fs::write(
        &input,
        r#"{"id": "x1", "outlet": "<script>alert(1)</script>", "published": "2020-01-01", "title": "<img src=x onerror=alert(2)>", "text": "At least 12 people were killed in <b>Aleppo</b> <script>alert(3)</script> on Friday, activists said. Another 30 people were wounded in the shelling, the <a href=\"javascript:alert(4)\">monitor</a> said."}"#,
    )
    .expect("write");
    let db = dir.path().join("hostile.db");
    sitrep(&db, &["ingest", input.to_str().expect("utf-8")]);
    let html = sitrep(&db, &["report", "--format", "html"]);
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(!html.contains("href=\"javascript:"), "{html}");
}
