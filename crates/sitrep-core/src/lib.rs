//! The article model and the pure stages of sitrep.
//!
//! Architecture invariant: nothing in this crate does IO. Every stage takes values and returns
//! values, so that ingestion, the store, the server and the benchmarks all run the same code.

pub mod article;
pub mod clean;
pub mod cluster;
pub mod dedupe;
pub mod extract;
pub mod figure;
pub mod fingerprint;
pub mod gazetteer;
pub mod language;
pub mod reconcile;
pub mod summarize;
pub mod terms;

pub use article::{Article, Language};
