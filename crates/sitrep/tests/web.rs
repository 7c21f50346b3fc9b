//! `sitrep ingest URL` against servers the tests start on 127.0.0.1: a feed whose items are
//! fetched, a missing page (the item's content stands in), a redirect loop, an oversized page, a
//! slow page, garbage, and the refusal of private addresses unless allowed. No test touches the
//! internet.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

const ARTICLE: &str = "<html><head><title>Floods</title><meta property=\"og:site_name\" content=\"Local News\"></head><body><article><h1>Floods</h1>\
<p>At least 12 people were killed when floods swept through the valley overnight, the regional governor said on Monday, and rescue teams were searching for more.</p>\
<p>More than 3,000 people fled their homes as the river burst its banks, local officials said, and many were sheltering in schools and mosques.</p></article></body></html>";

/// Serves canned responses by path until the test process ends.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    let base = format!("http://{address}");
    let feed_base = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let feed_base = feed_base.clone();
            std::thread::spawn(move || {
                let mut request_line = String::new();
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                if reader.read_line(&mut request_line).is_err() {
                    return;
                }
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).is_err() || header == "\r\n" || header.is_empty() {
                        break;
                    }
                }
                let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let (status, content_type, body): (&str, &str, Vec<u8>) = match path.as_str() {
                    "/feed.xml" => (
                        "200 OK",
                        "application/rss+xml",
                        format!(
                            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Valley Wire</title>\
<item><title>Floods kill 12</title><link>{feed_base}/floods</link><guid>floods-1</guid><pubDate>Mon, 06 Feb 2023 09:00:00 +0000</pubDate><description>Short teaser.</description></item>\
<item><title>Gone</title><link>{feed_base}/missing</link><guid>gone-2</guid><description>About 40 people were injured in the blast, doctors said on Monday.</description></item>\
<item><title>Elsewhere</title><link>http://elsewhere.example/x</link><guid>else-3</guid><description>Five people were arrested after the clashes, police said.</description></item>\
</channel></rss>"
                        )
                        .into_bytes(),
                    ),
                    "/floods" => ("200 OK", "text/html; charset=utf-8", ARTICLE.as_bytes().to_vec()),
                    "/loop" => ("302 Found", "text/html", Vec::new()),
                    "/big" => ("200 OK", "text/html", vec![b'a'; 9 << 20]),
                    "/garbage" => ("200 OK", "text/html", vec![0u8, 159, 146, 150, 0, 1, 2, 3]),
                    "/image" => ("200 OK", "image/png", vec![137, 80, 78, 71]),
                    "/slow" => {
                        std::thread::sleep(std::time::Duration::from_secs(4));
                        ("200 OK", "text/html", ARTICLE.as_bytes().to_vec())
                    }
                    _ => ("404 Not Found", "text/plain", b"not found".to_vec()),
                };
                let location = if path == "/loop" { "Location: /loop\r\n" } else { "" };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{location}Connection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    base
}

fn sitrep(db: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sitrep")).arg("--db").arg(db).args(args).output().expect("runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_feed_fetched_with_its_pages() {
    let base = serve();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("web.db");
    let (code, stdout, stderr) = sitrep(&db, &["ingest", "--allow-private", &format!("{base}/feed.xml")]);
    assert_eq!(code, Some(0), "{stdout} {stderr}");
    assert!(stdout.contains("ingested 3, duplicates skipped 0, failed 0"), "{stdout}");
    // The page's main text replaced the teaser; the missing page and the foreign host fell back.
    let (_, shown, _) = sitrep(&db, &["show", "floods-1"]);
    assert!(shown.contains("At least 12 people were killed") && !shown.contains("Short teaser"), "{shown}");
    assert!(shown.contains("outlet     Valley Wire"), "{shown}");
    assert!(stderr.contains("gone-2") || stderr.contains("#item2"), "{stderr}");
    assert!(stderr.contains("elsewhere.example") && stderr.contains("not named or allowed"), "{stderr}");
    let (_, shown, _) = sitrep(&db, &["show", "gone-2"]);
    assert!(shown.contains("About 40 people were injured"), "{shown}");
}

#[test]
fn bad_responses_are_reported_not_fatal() {
    let base = serve();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bad.db");
    let urls: Vec<String> =
        ["/loop", "/big", "/garbage", "/image", "/nothing", "/floods"].iter().map(|p| format!("{base}{p}")).collect();
    let mut args = vec!["ingest", "--allow-private"];
    args.extend(urls.iter().map(String::as_str));
    let (code, stdout, stderr) = sitrep(&db, &args);
    assert_eq!(code, Some(2), "{stdout} {stderr}");
    assert!(stdout.contains("ingested 1, duplicates skipped 0, failed 5"), "{stdout} {stderr}");
    for expected in ["too many redirects", "larger than 8 MiB", "binary content", "not an HTML page", "HTTP status 404"]
    {
        assert!(stderr.contains(expected), "missing {expected:?} in {stderr}");
    }
}

#[test]
fn slow_servers_time_out() {
    let base = serve();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("slow.db");
    let (code, _, stderr) =
        sitrep(&db, &["ingest", "--allow-private", "--fetch-timeout", "1", &format!("{base}/slow")]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("/slow") && stderr.contains("fetch failed"), "{stderr}");
}

#[test]
fn private_addresses_need_permission() {
    let base = serve();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("private.db");
    let (code, _, stderr) = sitrep(&db, &["ingest", &format!("{base}/floods")]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("refused") && stderr.contains("127.0.0.1"), "{stderr}");
}
