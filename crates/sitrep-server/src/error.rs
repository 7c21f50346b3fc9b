//! The one error type of the API: an HTTP status and a stable `{code, message}` body. Internal
//! details are logged once, here, and never sent to the client.

use axum::Json;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into() }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// A failure of ours: logged with its detail, answered without it.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        eprintln!("sitrep serve: internal error: {detail}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error (logged by the server)")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response =
            (self.status, Json(serde_json::json!({"code": self.code, "message": self.message}))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<sitrep_store::StoreError> for ApiError {
    fn from(error: sitrep_store::StoreError) -> ApiError {
        match error {
            sitrep_store::StoreError::BadQuery(message) => ApiError::bad_request("bad_query", message),
            other => ApiError::internal(other),
        }
    }
}

impl From<sitrep_report::ReportError> for ApiError {
    fn from(error: sitrep_report::ReportError) -> ApiError {
        match error {
            sitrep_report::ReportError::NoStory(id) => ApiError::not_found(format!("no story with id {id}")),
            sitrep_report::ReportError::UnknownFormat(format) => {
                ApiError::bad_request("bad_parameter", format!("unknown format {format:?} (csv, hxl, geojson or json)"))
            }
            other => ApiError::internal(other),
        }
    }
}

/// Unknown addresses: JSON under `/api`, a page elsewhere.
pub(crate) async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") || uri.path() == "/api" {
        ApiError::not_found(format!("no such endpoint: {}", uri.path())).into_response()
    } else {
        crate::ui::error_page(&ApiError::not_found("There is no page at this address.")).into_response()
    }
}
