//! The web UI: server-rendered pages (maud escapes every interpolated string) that work without
//! JavaScript — the front page of stories, a story's report with its chart and map, an article
//! with its figures' evidence marked, search — and the static files they use, served from the
//! binary.

mod chart;
mod pages;

use crate::AppState;
use crate::error::ApiError;
use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, html};
use std::sync::Arc;

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(pages::front))
        .route("/stories/{id}", get(pages::story))
        .route("/articles/{*id}", get(pages::article))
        .route("/search", get(pages::search))
}

const STYLE_CSS: &str = include_str!("../../assets/style.css");
const APP_JS: &str = include_str!("../../assets/app.js");
const FAVICON_SVG: &str = include_str!("../../assets/favicon.svg");

/// Static files by exact name: nothing from the file system, so no path can leave this list.
pub(crate) async fn static_file(Path(name): Path<String>) -> Response {
    let (body, content_type) = match name.as_str() {
        "style.css" => (STYLE_CSS, "text/css; charset=utf-8"),
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        "favicon.svg" => (FAVICON_SVG, "image/svg+xml"),
        _ => return error_page(&ApiError::not_found("There is no such file.")).into_response(),
    };
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

/// The frame of every page: a header with the search box, the content, the credits.
pub(crate) fn layout(title: &str, search: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · sitrep" }
                link rel="stylesheet" href="/static/style.css";
                link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
                script src="/static/app.js" defer {}
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.masthead {
                    a.brand href="/" { "sitrep" }
                    span.tagline { "the situation picture behind the news" }
                    form.search role="search" action="/search" method="get" {
                        label for="q" class="visually-hidden" { "Search articles" }
                        input #q type="search" name="q" value=(search) placeholder="Search articles" maxlength="200";
                        button type="submit" { "Search" }
                    }
                }
                main #main { (content) }
                footer {
                    p {
                        "Figures are extracted from the articles and cited to them; check the evidence before use. "
                        "Places: GeoNames (CC BY 4.0). Map: Natural Earth via world-atlas."
                    }
                }
            }
        }
    }
}

/// A page for an error, with the status of the error.
pub(crate) fn error_page(error: &ApiError) -> Response {
    let heading = match error.status {
        StatusCode::NOT_FOUND => "Not found",
        StatusCode::BAD_REQUEST => "Bad request",
        _ => "Something went wrong",
    };
    let page = layout(
        heading,
        "",
        html! {
            h1 { (heading) }
            p { (error.message) }
            p { a href="/" { "Back to the stories" } }
        },
    );
    (error.status, page).into_response()
}

/// A page handler's error: shown as a page.
pub(crate) struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> PageError {
        PageError(error)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(&self.0)
    }
}
