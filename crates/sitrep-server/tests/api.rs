//! The API and pages answered in-process (no network): shapes, filters, errors, ingestion with
//! its token and bounds, escaping, static files.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use tower::ServiceExt;

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

async fn send(app: &axum::Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.expect("the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 64 << 20).await.expect("a body");
    Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

async fn get(app: &axum::Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).expect("a request")).await
}

async fn post(app: &axum::Router, token: Option<&str>, body: impl Into<Body>) -> Answer {
    let mut request = Request::post("/api/articles").header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    send(app, request.body(body.into()).expect("a request")).await
}

fn seeded_app() -> (tempfile::TempDir, axum::Router) {
    let (dir, db) = common::seeded_db();
    let app = sitrep_server::app(&common::config(&db)).expect("the app starts");
    (dir, app)
}

#[tokio::test]
async fn stories_list_with_key_figures_and_the_full_report() {
    let (_dir, app) = seeded_app();
    let answer = get(&app, "/api/stories").await;
    assert_eq!(answer.status, StatusCode::OK);
    let page = answer.json();
    assert_eq!(page["total"], 2);
    let items = page["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    // Most recently active first: November 2012, then June 2011.
    assert_eq!(items[0]["first_seen"], "2012-11-09");
    assert_eq!(items[0]["n_articles"], 2);
    assert_eq!(items[0]["n_independent"], 1, "two copies of one wire story are one source");
    // The headline figure ("8,000 Syrians flee") leads the November story.
    assert_eq!(items[0]["key_quantities"][0]["best"], 8000);

    let june = items[1]["id"].as_i64().expect("an id");
    let report = get(&app, &format!("/api/stories/{june}")).await.json();
    assert_eq!(report["articles"].as_array().map(Vec::len), Some(3));
    let refugees_in_turkey = report["quantities"]
        .as_array()
        .expect("quantities")
        .iter()
        .find(|q| q["measure"] == "refugees" && q["place"]["name"] == "Turkey")
        .expect("refugees in Turkey");
    assert_eq!(refugees_in_turkey["best"], 8538);
    assert!(!report["summary"].as_array().expect("summary").is_empty());

    let missing = get(&app, "/api/stories/999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["code"], "not_found");
}

#[tokio::test]
async fn an_article_carries_its_figures_with_offsets_into_its_text() {
    let (_dir, app) = seeded_app();
    let article = get(&app, "/api/articles/seed-003").await.json();
    assert!(article["story"].is_i64());
    let text: Vec<char> = article["text"].as_str().expect("text").chars().collect();
    let figures = article["figures"].as_array().expect("figures");
    assert!(figures.len() >= 5, "{} figures", figures.len());
    for figure in figures {
        let [start, end] = [figure["span"][0].as_u64().expect("start"), figure["span"][1].as_u64().expect("end")];
        let number: String = text[start as usize..end as usize].iter().collect();
        assert!(figure["text"].as_str().expect("text").contains(&number), "{number:?} in {}", figure["text"]);
    }
    assert_eq!(get(&app, "/api/articles/no-such-article").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn listings_filter_and_page() {
    let (_dir, app) = seeded_app();
    let killed = get(&app, "/api/figures?measure=killed").await.json();
    let items = killed["items"].as_array().expect("items");
    assert!(!items.is_empty() && items.iter().all(|f| f["measure"] == "killed"));

    let turkey = get(&app, "/api/figures?place=turkey").await.json();
    let items = turkey["items"].as_array().expect("items");
    assert!(
        !items.is_empty() && items.iter().all(|f| f["place"]["name"] == "Turkey" || f["place"]["text"] == "Turkey")
    );

    let november = get(&app, "/api/figures?from=2012-11-01&to=2012-11-30").await.json();
    let items = november["items"].as_array().expect("items");
    assert!(
        !items.is_empty() && items.iter().all(|f| f["published"].as_str().is_some_and(|p| p.starts_with("2012-11")))
    );

    let first = get(&app, "/api/articles?limit=2").await.json();
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(first["next"], 2);
    let second = get(&app, "/api/articles?limit=2&offset=2").await.json();
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);

    let story = get(&app, "/api/stories?limit=1").await.json()["items"][0]["id"].clone();
    let members = get(&app, &format!("/api/articles?story={story}")).await.json();
    assert_eq!(members["items"].as_array().map(Vec::len), Some(2));

    let search = get(&app, "/api/articles?q=Shughour").await.json();
    let hits = search["items"].as_array().expect("items");
    assert!(!hits.is_empty() && hits.iter().all(|h| h["snippet"].as_str().is_some_and(|s| s.contains('['))));

    let places = get(&app, "/api/places").await.json();
    assert!(places["items"].as_array().expect("items").iter().any(|p| p["name"] == "Turkey"));
}

#[tokio::test]
async fn bad_parameters_are_400_with_a_stable_code() {
    let (_dir, app) = seeded_app();
    for uri in [
        "/api/figures?measure=happy",
        "/api/articles?limit=0",
        "/api/articles?limit=100000",
        "/api/articles?offset=-1",
        "/api/articles?from=yesterday",
        "/api/articles?story=abc",
        "/api/export?format=pdf",
        "/api/export?rows=everything",
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}: {}", answer.body);
        assert_eq!(answer.json()["code"], "bad_parameter", "{uri}");
        assert!(answer.json()["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let unknown = get(&app, "/api/nothing-here").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json()["code"], "not_found");
}

#[tokio::test]
async fn exports_in_every_format() {
    let (_dir, app) = seeded_app();
    let csv = get(&app, "/api/export?format=csv").await;
    assert!(csv.headers[header::CONTENT_TYPE].to_str().is_ok_and(|t| t.starts_with("text/csv")));
    assert!(csv.body.starts_with("story,measure,"));
    let hxl = get(&app, "/api/export?format=hxl").await;
    assert!(hxl.body.lines().nth(1).is_some_and(|l| l.starts_with("#event+id,")));
    let geojson = get(&app, "/api/export?format=geojson").await.json();
    assert_eq!(geojson["type"], "FeatureCollection");
    assert!(!geojson["features"].as_array().expect("features").is_empty());
    let figures = get(&app, "/api/export?format=csv&rows=figures").await;
    assert!(figures.body.starts_with("article,story,"));
    assert!(figures.body.lines().count() > 20);
    // One row per story with its totals, a column per measure.
    let totals = get(&app, "/api/export?format=hxl&rows=totals").await;
    let mut lines = totals.body.lines();
    assert!(lines.next().is_some_and(|l| l.starts_with("story,title,") && l.contains(",killed,")));
    assert!(lines.next().is_some_and(|l| l.contains("#affected+killed") && l.contains("#affected+refugees")));
    assert_eq!(lines.count(), 2, "{}", totals.body);
    assert!(totals.headers[header::CONTENT_DISPOSITION].to_str().is_ok_and(|d| d.contains("sitrep-totals.hxl.csv")));
}

#[tokio::test]
async fn posting_needs_the_token_and_runs_the_stages() {
    let (_dir, app) = seeded_app();
    let article = json!({"id": "posted-1", "outlet": "Test Wire", "published": "2012-11-11",
        "title": "Clashes near the border",
        "text": "At least 15 people were killed in clashes near Ras al-Ain on Sunday, the Syrian Observatory for Human Rights said."});
    let anonymous = post(&app, None, article.to_string()).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.json()["code"], "unauthorized");
    assert!(anonymous.headers.contains_key(header::WWW_AUTHENTICATE));
    assert_eq!(post(&app, Some("wrong-token"), article.to_string()).await.status, StatusCode::UNAUTHORIZED);

    let n_articles = |page: Value| -> u64 {
        page["items"].as_array().map_or(0, |items| items.iter().filter_map(|s| s["n_articles"].as_u64()).sum())
    };
    let front_before = get(&app, "/").await.body;
    let before = n_articles(get(&app, "/api/stories").await.json());
    let stored = post(&app, Some("test-token-0123456789"), article.to_string()).await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.body);
    assert_eq!(stored.json()["inserted"], 1);
    // Rendered answers kept from before are not served stale.
    assert_eq!(n_articles(get(&app, "/api/stories").await.json()), before + 1);
    assert_ne!(get(&app, "/").await.body, front_before);
    assert!(stored.json()["figures"].as_u64().is_some_and(|n| n >= 1));
    let detail = get(&app, "/api/articles/posted-1").await.json();
    assert_eq!(detail["figures"][0]["measure"], "killed");
    assert!(detail["story"].is_i64(), "the story stage placed it");

    let again =
        post(&app, Some("test-token-0123456789"), json!([article, {"url": "https://example.org/empty"}]).to_string())
            .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["skipped"], 1);
    assert_eq!(again.json()["failed"][0]["origin"], "request[1]");

    let malformed = post(&app, Some("test-token-0123456789"), "{not json").await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.json()["code"], "bad_json");
}

#[tokio::test]
async fn posting_is_bounded_in_size_and_rate() {
    let (dir, db) = common::seeded_db();
    let mut config = common::config(&db);
    config.max_body_bytes = 1 << 10;
    config.posts_per_minute = 2;
    let app = sitrep_server::app(&config).expect("the app starts");
    let big = json!({"id": "big", "text": "x".repeat(4 << 10)}).to_string();
    let too_big = post(&app, Some("test-token-0123456789"), big).await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", too_big.body);
    assert_eq!(too_big.json()["code"], "body_too_large");
    let small = json!({"id": "small", "text": "A short text."}).to_string();
    assert_eq!(post(&app, Some("test-token-0123456789"), small.clone()).await.status, StatusCode::CREATED);
    let limited = post(&app, Some("test-token-0123456789"), small).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.json()["code"], "rate_limited");

    let mut closed = common::config(&db);
    closed.token = None;
    let app = sitrep_server::app(&closed).expect("the app starts");
    let refused = post(&app, Some("test-token-0123456789"), "{}").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "without a configured token nobody may post");
    drop(dir);
}

#[tokio::test]
async fn hostile_text_is_escaped_in_every_page() {
    let (_dir, app) = seeded_app();
    let hostile = json!({"id": "hostile<script>", "outlet": "<img src=x onerror=alert(1)>", "published": "2012-11-12",
        "url": "javascript:alert(1)",
        "title": "<script>alert('title')</script> Refugees cross",
        "text": "Some 300 refugees crossed into Turkey, officials said. <script>alert('text')</script> \
                 <img src=x onerror=\"alert(2)\"> <a href=\"javascript:alert(3)\">link</a>"});
    let stored = post(&app, Some("test-token-0123456789"), hostile.to_string()).await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.body);
    let story = get(&app, "/api/articles/hostile%3Cscript%3E").await.json()["story"].clone();
    for uri in [
        "/".to_owned(),
        format!("/stories/{story}"),
        "/articles/hostile%3Cscript%3E".to_owned(),
        "/search?q=refugees".to_owned(),
    ] {
        let page = get(&app, &uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(!page.body.contains("<script>alert"), "{uri} has a live script");
        assert!(!page.body.contains("<img src=x"), "{uri} has a live image");
        assert!(!page.body.contains("href=\"javascript:"), "{uri} has a javascript: link");
        assert!(page.headers[header::CONTENT_SECURITY_POLICY].to_str().is_ok_and(|p| p.contains("script-src 'self'")));
    }
    let article = get(&app, "/articles/hostile%3Cscript%3E").await;
    assert!(
        article.body.contains("&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;")
            || article.body.contains("&lt;script&gt;alert('text')&lt;/script&gt;")
    );
}

#[tokio::test]
async fn static_files_are_a_fixed_list() {
    let (_dir, app) = seeded_app();
    let css = get(&app, "/static/style.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.headers[header::CONTENT_TYPE].to_str().is_ok_and(|t| t.starts_with("text/css")));
    for uri in
        ["/static/..%2F..%2FCargo.toml", "/static/../Cargo.toml", "/static/%2e%2e/Cargo.toml", "/static/style.css%00"]
    {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!answer.body.contains("[workspace]"), "{uri}");
    }
}

#[tokio::test]
async fn pages_render_and_missing_ones_are_404_pages() {
    let (_dir, app) = seeded_app();
    let front = get(&app, "/").await;
    assert!(front.body.contains("Turkey says 8,000 Syrians flee in past 24 hours"));
    let story = get(&app, "/stories/1").await;
    assert!(story.body.contains("<table class=\"quantities\"") && story.body.contains("<svg class=\"chart\""));
    assert!(story.body.contains("<svg class=\"map\"") && story.body.contains("<title>Turkey</title>"));
    let article = get(&app, "/articles/seed-003").await;
    assert!(article.body.contains("<mark class=\"figure\" id=\"at-"));
    for uri in ["/stories/999", "/stories/abc", "/articles/none", "/nowhere"] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(answer.headers[header::CONTENT_TYPE].to_str().is_ok_and(|t| t.starts_with("text/html")), "{uri}");
    }
}

#[tokio::test]
async fn the_openapi_document_lists_every_endpoint_and_each_answers() {
    let (_dir, app) = seeded_app();
    let document: Value = serde_json::from_str(sitrep_server::OPENAPI_JSON).expect("the document is JSON");
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(get(&app, "/api/openapi.json").await.json(), document);
    let mut listed: Vec<String> = Vec::new();
    for (path, operations) in document["paths"].as_object().expect("paths") {
        for method in operations.as_object().expect("operations").keys() {
            listed.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    listed.sort();
    let served = [
        "GET /api/articles",
        "GET /api/articles/{id}",
        "GET /api/export",
        "GET /api/figures",
        "GET /api/openapi.json",
        "GET /api/places",
        "GET /api/stories",
        "GET /api/stories/{id}",
        "POST /api/articles",
    ];
    assert_eq!(listed, served);
    // Every schema reference resolves.
    let text = sitrep_server::OPENAPI_JSON;
    for reference in text.split("\"$ref\": \"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap_or_default();
        assert!(document["components"]["schemas"][name].is_object(), "missing schema {name}");
    }
    for path in served.iter().filter_map(|s| s.strip_prefix("GET ")) {
        let uri = path.replace("{id}", if path.contains("stories") { "1" } else { "seed-000" });
        let answer = get(&app, &uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
    }
}

// A request that cannot finish within the limit: a batch of 100 articles to ingest, which
// takes far more than a millisecond (a zero limit on a quick read raced the read on a loaded
// machine: the timer fires on the runtime's next tick, not at once).
#[tokio::test]
async fn a_request_over_its_time_limit_is_503_timeout() {
    let (_dir, db) = common::seeded_db();
    let mut config = common::config(&db);
    config.request_timeout = std::time::Duration::from_millis(1);
    let app = sitrep_server::app(&config).expect("the app starts");
    let articles: Vec<serde_json::Value> = (0..100)
        .map(|i| {
            json!({"id": format!("slow-{i}"), "title": format!("Flood {i}"),
                   "text": format!("At least {i} people were killed in floods in Sindh province, officials said. {}", "Rain fell. ".repeat(40))})
        })
        .collect();
    let answer = post(&app, Some("test-token-0123456789"), json!(articles).to_string()).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE, "{}", answer.body);
    assert_eq!(answer.json()["code"], "timeout");
}
