//! Rendering at the edge: diagnostics through codespan-reporting, the `parse` summary and the
//! `parse` JSON document.

pub mod concise;
pub mod escape;
pub mod human;
pub mod json;
pub mod json_stream;
pub mod places;
pub mod report_formats;
pub mod summary;
pub mod window;
