//! The OpenAPI 3.1 document of the API, written by hand next to the routes it describes (a test
//! checks that both list the same endpoints).

use axum::http::header;
use axum::response::IntoResponse;

pub const OPENAPI_JSON: &str = include_str!("openapi.json");

pub(crate) async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}
