//! `sitrep watch` against feeds served on 127.0.0.1 by the test: one that changes between
//! polls, one that answers 304 to a conditional request, one that fails.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn item(id: &str, text: &str) -> String {
    format!("<item><title>{id}</title><guid>{id}</guid><description>{text}</description></item>")
}

fn serve() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let not_modified = Arc::new(AtomicUsize::new(0));
    let counter = Arc::new(AtomicUsize::new(0));
    let seen_304 = not_modified.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            let mut if_none_match = None;
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).is_err() || header == "\r\n" || header.is_empty() {
                    break;
                }
                if let Some(value) = header.to_ascii_lowercase().strip_prefix("if-none-match:") {
                    if_none_match = Some(value.trim().to_owned());
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
            let response = match path.as_str() {
                "/changing.xml" => {
                    let n = counter.fetch_add(1, Ordering::SeqCst);
                    let mut items =
                        item("c-1", "At least 12 people were killed in the floods, officials said on Monday.");
                    if n > 0 {
                        items.push_str(&item(
                            "c-2",
                            "About 3,000 people fled their homes as the river rose, the governor said.",
                        ));
                    }
                    let body = format!(
                        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Changing</title>{items}</channel></rss>"
                    );
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    )
                }
                "/steady.xml" if if_none_match.as_deref() == Some("\"v1\"") => {
                    seen_304.fetch_add(1, Ordering::SeqCst);
                    "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nConnection: close\r\n\r\n".to_owned()
                }
                "/steady.xml" => {
                    let body = format!(
                        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Steady</title>{}</channel></rss>",
                        item("s-1", "Five people were arrested after the clashes, police said.")
                    );
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: \"v1\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    )
                }
                _ => "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned(),
            };
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (base, not_modified)
}

#[test]
fn watch_polls_changing_unchanged_and_failing_feeds() {
    let (base, not_modified) = serve();
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("sitrep.toml");
    std::fs::write(
        &config,
        format!(
            "allow_private = true\nhost_delay_seconds = 0\ntimeout_seconds = 5\n\n[[feed]]\nurl = \"{base}/changing.xml\"\ninterval_seconds = 0\n\n[[feed]]\nurl = \"{base}/steady.xml\"\ninterval_seconds = 0\n\n[[feed]]\nurl = \"{base}/broken.xml\"\ninterval_seconds = 0\n"
        ),
    )
    .expect("write config");
    let db = dir.path().join("watch.db");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("--db")
        .arg(&db)
        .args(["watch", "--config", config.to_str().expect("utf-8"), "--polls", "2"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout} {}", String::from_utf8_lossy(&output.stderr));
    let line = |feed: &str| stdout.lines().find(|l| l.contains(feed)).unwrap_or_default().to_owned();
    // The changing feed brought one article, then a second one.
    assert!(line("changing.xml").contains("polls 2  new 2"), "{stdout}");
    // The steady feed was read once, then answered 304 to the conditional request.
    assert!(line("steady.xml").contains("polls 2  new 1  not modified 1"), "{stdout}");
    assert_eq!(not_modified.load(Ordering::SeqCst), 1);
    // The broken feed failed both times and says why.
    assert!(line("broken.xml").contains("failures 2") && line("broken.xml").contains("HTTP status 500"), "{stdout}");
    // What arrived went through the pipeline: stories and figures.
    let figures = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("--db")
        .arg(&db)
        .args(["figures", "--json"])
        .output()
        .expect("runs");
    let figures = String::from_utf8_lossy(&figures.stdout);
    assert!(figures.contains("\"measure\":\"killed\"") && figures.contains("\"measure\":\"arrested\""), "{figures}");
}
