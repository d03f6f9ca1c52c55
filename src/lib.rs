//! amends: an incident file in, a remediation report out.
//!
//! The pipeline, one module a stage, data flowing one way:
//! [`read`] (YAML -> input model with positions) -> [`check`] (-> validated
//! [`check::Report`]) -> [`figures`] (durations, downtime, credits) ->
//! [`render`] (Markdown, JSON) -> [`write`] (atomic files). [`cli`] drives it.

pub mod check;
pub mod diag;
pub mod figures;
pub mod read;
