//! Runs sitrep's stages over the store: the ingestion pipeline, then copy groups and stories.
//!
//! Architecture invariant: this crate holds the order of the stages and the loading and saving
//! of their state, nothing else: what a stage computes lives in sitrep-core, how it is stored in
//! sitrep-store. The command line, the benchmarks and (later) the server all run the pipeline
//! through here, so there is one path.

pub mod ingest;
pub mod stories;

pub use ingest::{IngestReport, ingest_paths};
pub use stories::{StoryStageConfig, StoryStageReport, update_stories};
