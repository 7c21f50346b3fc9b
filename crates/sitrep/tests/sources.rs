//! Feeds and web archives read from files: RSS, Atom, and WARC (plain and gzip), made by the
//! tests themselves.

use std::io::Write;
use std::path::Path;
use std::process::Command;

fn sitrep(db: &Path, args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sitrep")).arg("--db").arg(db).args(args).output().expect("runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn articles(db: &Path) -> Vec<serde_json::Value> {
    let (ok, stdout, stderr) = sitrep(db, &["articles", "--json", "--limit", "0"]);
    assert!(ok, "{stderr}");
    stdout.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect()
}

const PAGE: &str = "<!doctype html><html><head><title>Floods displace thousands</title>\
<meta property=\"og:site_name\" content=\"The Daily Example\"></head><body><nav>Home | World | Sport | Weather</nav>\
<article><h1>Floods displace thousands</h1><p>More than 3,000 people have fled their homes in the north of the country \
after days of heavy rain, the disaster management agency said on Tuesday, as rivers burst their banks.</p>\
<p>At least 12 people were killed when a landslide buried houses in a hillside village, officials said, and rescue \
teams were still searching for survivors in the mud on Tuesday evening.</p></article></body></html>";

fn warc_record(kind: &str, uri: &str, payload: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-0000-0000-000000000000>\r\nWARC-Date: 2023-02-07T10:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        uri.len() as u32 * 7919 + payload.len() as u32,
        payload.len()
    )
    .into_bytes();
    record.extend_from_slice(payload);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn warc_records() -> Vec<Vec<u8>> {
    let html = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{PAGE}");
    let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\x00\x00\x01";
    let redirect = b"HTTP/1.1 301 Moved\r\nLocation: https://news.example/b\r\n\r\n";
    vec![
        warc_record("response", "https://news.example/floods", html.as_bytes()),
        warc_record("response", "https://news.example/logo.png", image),
        warc_record("response", "https://news.example/a", redirect),
    ]
}

fn warc_bytes() -> Vec<u8> {
    warc_records().concat()
}

#[test]
fn warc_archives_plain_and_gzip() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("crawl.warc"), warc_bytes()).expect("write");
    // A gzip archive is one member per record, as crawlers write them.
    let mut gz = Vec::new();
    for record in warc_records() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&record).expect("compress");
        gz.extend(encoder.finish().expect("compress"));
    }
    let other = dir.path().join("other");
    std::fs::create_dir(&other).expect("dir");
    std::fs::write(other.join("crawl.warc.gz"), gz).expect("write");

    let db = dir.path().join("warc.db");
    let (ok, stdout, stderr) = sitrep(&db, &["ingest", dir.path().join("crawl.warc").to_str().expect("utf-8")]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("ingested 1, duplicates skipped 0, failed 0"), "{stdout}");
    let stored = articles(&db);
    assert_eq!(stored[0]["outlet"], "The Daily Example");
    assert_eq!(stored[0]["published"], "2023-02-07T10:00:00Z", "the record date stands in for a published date");
    let (_, figures, _) = sitrep(&db, &["figures", "--json"]);
    assert!(figures.contains("\"measure\":\"killed\""), "{figures}");

    // The gzip copy is the same article: skipped as a duplicate by its content-derived id.
    let (ok, stdout, stderr) = sitrep(&db, &["ingest", other.to_str().expect("utf-8")]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("ingested 0, duplicates skipped 1, failed 0"), "{stdout}");
}

#[test]
fn a_truncated_warc_keeps_what_came_before() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bytes = warc_bytes();
    bytes.extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n");
    let path = dir.path().join("cut.warc");
    std::fs::write(&path, bytes).expect("write");
    let db = dir.path().join("cut.db");
    let (_, stdout, stderr) = sitrep(&db, &["ingest", path.to_str().expect("utf-8")]);
    assert!(stdout.contains("ingested 1"), "{stdout} {stderr}");
    assert!(stderr.contains("cut.warc"), "the failure names the file: {stderr}");
}

#[test]
fn rss_and_atom_feeds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Relief &amp; News</title><link>https://relief.example</link>
<item><title>Quake kills 40 &amp; injures 200</title><link>https://relief.example/quake</link><guid>quake-1</guid>
<pubDate>Tue, 07 Feb 2023 09:05:00 +0000</pubDate>
<description>&lt;p&gt;At least 40 people were killed and 200 injured when the earthquake struck, officials said.&lt;/p&gt;&lt;p&gt;Rescue teams reached the worst-hit villages on Tuesday.&lt;/p&gt;</description></item>
<item><title>Second item</title><link>https://relief.example/two</link><guid>item-2</guid><description>Aid convoys reached the valley on Wednesday after the road reopened.</description></item>
</channel></rss>"#;
    let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Field Reports</title><id>urn:field</id><updated>2023-02-08T00:00:00Z</updated>
<entry><title type="html">Thousands flee floods</title><id>urn:field:1</id><link href="https://field.example/1"/><updated>2023-02-08T06:00:00Z</updated>
<content type="html">&lt;p&gt;About 5,000 people fled their homes as the river burst its banks, the provincial governor said.&lt;/p&gt;</content></entry></feed>"#;
    std::fs::write(dir.path().join("news.rss"), rss).expect("write");
    std::fs::write(dir.path().join("field.atom"), atom).expect("write");
    std::fs::write(dir.path().join("broken.xml"), "<rss><channel><item>").expect("write");
    let db = dir.path().join("feeds.db");
    let (ok, stdout, stderr) = sitrep(&db, &["ingest", dir.path().to_str().expect("utf-8")]);
    assert!(!ok, "a broken feed is reported: {stdout}");
    assert!(stdout.contains("ingested 3, duplicates skipped 0, failed 1"), "{stdout} {stderr}");
    assert!(stderr.contains("broken.xml"), "{stderr}");
    let stored = articles(&db);
    let quake = stored.iter().find(|a| a["id"] == "quake-1").expect("the guid is the id");
    assert_eq!(quake["outlet"], "Relief & News");
    assert_eq!(quake["title"], "Quake kills 40 & injures 200");
    assert_eq!(quake["published"], "2023-02-07T09:05:00Z");
    let (_, shown, _) = sitrep(&db, &["show", "quake-1"]);
    assert!(shown.contains("At least 40 people were killed") && !shown.contains("<p>"), "{shown}");
    assert!(stored.iter().any(|a| a["id"] == "urn:field:1" && a["outlet"] == "Field Reports"));
}
