//! Pages and feeds over HTTP(S): `sitrep ingest URL`. A feed's items are fetched from their
//! links (the page's main text through the HTML path), falling back to the item's own content.
//!
//! Safety: only the host named on the command line (and hosts the user allowed) is fetched —
//! feed links and redirects to other hosts are not followed; loopback, private and link-local
//! addresses are refused unless allowed explicitly; responses are bounded in size and time;
//! redirects are followed by hand, each hop checked, at most `max_redirects`.

use crate::html::parse_html;
use crate::{Diagnostic, SourceItem};
use std::net::{IpAddr, ToSocketAddrs};
use std::time::Duration;
use ureq::http::Uri;

/// What the user allowed sitrep to fetch.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    /// Hosts that may be fetched besides the ones named on the command line.
    pub allowed_hosts: Vec<String>,
    /// Whether loopback and private addresses may be fetched (tests on 127.0.0.1).
    pub allow_private: bool,
    pub max_bytes: u64,
    pub timeout: Duration,
    pub max_redirects: u32,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            allowed_hosts: Vec::new(),
            allow_private: false,
            max_bytes: 8 << 20,
            timeout: Duration::from_secs(20),
            max_redirects: 5,
        }
    }
}

pub fn is_url(text: &str) -> bool {
    text.starts_with("http://") || text.starts_with("https://")
}

struct Fetched {
    url: String,
    content_type: String,
    body: Vec<u8>,
    etag: Option<String>,
    last_modified: Option<String>,
    not_modified: bool,
}

/// The validators of a feed's last response, for conditional requests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What one poll of a feed gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Poll {
    /// The server answered 304: nothing new.
    NotModified,
    /// The feed was read; this many items were handed on.
    Items(usize),
    Failed(String),
}

fn host_of(uri: &Uri) -> Result<String, String> {
    uri.host().map(|h| h.trim_matches(['[', ']']).to_ascii_lowercase()).ok_or_else(|| "no host in the URL".to_owned())
}

fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1])
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
        }
    }
}

/// Fetches one URL under the policy, following redirects by hand.
fn fetch(url: &str, allowed: &[String], policy: &FetchPolicy) -> Result<Fetched, String> {
    fetch_conditional(url, allowed, policy, &Validators::default())
}

/// Fetches one URL, sending the validators of the last response (If-None-Match,
/// If-Modified-Since) so that an unchanged resource costs a 304.
fn fetch_conditional(
    url: &str,
    allowed: &[String],
    policy: &FetchPolicy,
    validators: &Validators,
) -> Result<Fetched, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(policy.timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent("sitrep (+news situation reports)")
        .build()
        .into();
    let mut current = url.to_owned();
    for _ in 0..=policy.max_redirects {
        let uri: Uri = current.parse().map_err(|e| format!("not a URL: {e}"))?;
        if !matches!(uri.scheme_str(), Some("http" | "https")) {
            return Err("only http and https are fetched".to_owned());
        }
        let host = host_of(&uri)?;
        if !allowed.contains(&host) {
            return Err(format!("host {host} was not named or allowed (--allow-host)"));
        }
        let port = uri.port_u16().unwrap_or(if uri.scheme_str() == Some("https") { 443 } else { 80 });
        let addresses: Vec<IpAddr> = (host.as_str(), port)
            .to_socket_addrs()
            .map_err(|e| format!("cannot resolve {host}: {e}"))?
            .map(|a| a.ip())
            .collect();
        if let Some(ip) = addresses.iter().find(|ip| is_private(**ip)).filter(|_| !policy.allow_private) {
            return Err(format!("refused: {host} is a loopback or private address ({ip}); --allow-private allows it"));
        }
        let mut request = agent.get(&current);
        if let Some(etag) = &validators.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = &validators.last_modified {
            request = request.header("If-Modified-Since", date);
        }
        let mut response = request.call().map_err(|e| format!("fetch failed: {e}"))?;
        let status = response.status().as_u16();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (etag, last_modified) = (header("etag"), header("last-modified"));
        if status == 304 {
            return Ok(Fetched {
                url: current,
                content_type: String::new(),
                body: Vec::new(),
                etag: etag.or(validators.etag.clone()),
                last_modified: last_modified.or(validators.last_modified.clone()),
                not_modified: true,
            });
        }
        if (300..400).contains(&status) {
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| format!("redirect ({status}) without a location"))?;
            current = resolve_location(&uri, location);
            continue;
        }
        if !(200..300).contains(&status) {
            return Err(format!("HTTP status {status}"));
        }
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
        let body = response.body_mut().with_config().limit(policy.max_bytes).read_to_vec().map_err(|e| {
            if e.to_string().contains("limit") {
                format!("response larger than {} MiB", policy.max_bytes >> 20)
            } else {
                format!("reading the response: {e}")
            }
        })?;
        return Ok(Fetched { url: current, content_type, body, etag, last_modified, not_modified: false });
    }
    Err(format!("too many redirects (more than {})", policy.max_redirects))
}

/// A Location header against the URL it came from.
fn resolve_location(base: &Uri, location: &str) -> String {
    if is_url(location) {
        return location.to_owned();
    }
    let scheme = base.scheme_str().unwrap_or("http");
    let authority = base.authority().map(|a| a.as_str()).unwrap_or("");
    if location.starts_with('/') {
        format!("{scheme}://{authority}{location}")
    } else {
        let path = base.path();
        let directory = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        format!("{scheme}://{authority}{directory}{location}")
    }
}

fn looks_like_feed(fetched: &Fetched) -> bool {
    let start = String::from_utf8_lossy(&fetched.body[..fetched.body.len().min(512)]).to_ascii_lowercase();
    fetched.content_type.contains("rss")
        || fetched.content_type.contains("atom")
        || fetched.content_type.contains("xml") && !fetched.content_type.contains("html")
        || start.trim_start().starts_with("<?xml") && (start.contains("<rss") || start.contains("<feed"))
        || start.trim_start().starts_with("<rss")
        || start.trim_start().starts_with("<feed")
}

/// Reads a URL: a feed (each item fetched from its link when its host is allowed) or a page.
pub fn read_url(url: &str, policy: &FetchPolicy, emit: &mut dyn FnMut(SourceItem)) {
    if let Poll::Failed(message) = poll_url(url, policy, &mut Validators::default(), emit) {
        emit(SourceItem::Diagnostic(Diagnostic::failed(url, message)));
    }
}

/// One conditional poll of a URL (see `read_url`); the validators are updated for the next.
pub fn poll_url(
    url: &str,
    policy: &FetchPolicy,
    validators: &mut Validators,
    emit: &mut dyn FnMut(SourceItem),
) -> Poll {
    let host = match url.parse::<Uri>().map_err(|e| e.to_string()).and_then(|uri| host_of(&uri)) {
        Ok(host) => host,
        Err(message) => return Poll::Failed(format!("not a URL: {message}")),
    };
    let mut allowed = policy.allowed_hosts.iter().map(|h| h.to_ascii_lowercase()).collect::<Vec<_>>();
    allowed.push(host);
    let fetched = match fetch_conditional(url, &allowed, policy, validators) {
        Ok(fetched) => fetched,
        Err(message) => return Poll::Failed(message),
    };
    validators.etag = fetched.etag.clone();
    validators.last_modified = fetched.last_modified.clone();
    if fetched.not_modified {
        return Poll::NotModified;
    }
    if looks_like_feed(&fetched) {
        let items = match crate::feed::feed_items(&fetched.body, url) {
            Ok(items) => items,
            Err(diagnostic) => return Poll::Failed(diagnostic.message),
        };
        let n_items = items.len();
        for item in items {
            let mut article = match item {
                Ok(article) => article,
                Err(diagnostic) => {
                    emit(SourceItem::Diagnostic(diagnostic));
                    continue;
                }
            };
            // The page behind the link, when its host may be fetched; else the item's content.
            if let Some(link) = article.url.clone() {
                match fetch(&link, &allowed, policy).and_then(|page| page_article(&page)) {
                    Ok(page) => {
                        article.text = page.text;
                        article.url = page.url.or(article.url);
                    }
                    Err(message) => emit(SourceItem::Diagnostic(Diagnostic::warning(
                        article.origin.clone(),
                        format!("{link}: {message}; the item's own content was used"),
                    ))),
                }
            }
            emit(SourceItem::Article(Box::new(article)));
        }
        return Poll::Items(n_items);
    }
    match page_article(&fetched) {
        Ok(article) => {
            emit(SourceItem::Article(Box::new(article)));
            Poll::Items(1)
        }
        Err(message) => Poll::Failed(message),
    }
}

fn page_article(page: &Fetched) -> Result<crate::RawArticle, String> {
    if !(page.content_type.contains("html") || page.content_type.is_empty()) {
        return Err(format!("not an HTML page ({})", page.content_type));
    }
    if page.body.iter().take(8192).any(|b| *b == 0) {
        return Err("binary content, not a page".to_owned());
    }
    let html = String::from_utf8_lossy(&page.body);
    let mut article = parse_html(&html, page.url.clone())?;
    if article.url.is_none() {
        article.url = Some(page.url.clone());
    }
    Ok(article)
}
