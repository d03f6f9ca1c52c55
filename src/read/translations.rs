//! `translations:` a batch incident's own texts in other languages, so that a
//! customer whose letter is in Czech reads the summary, root cause and
//! actions in Czech too (docs/batch.md). Each translation mirrors the free
//! texts of the incident file; `check::translation` holds it to the same
//! shape (nothing missing, nothing extra) and substitutes it.

use schemars::JsonSchema;
use serde::Deserialize;

use super::model::At;

/// A list of texts, as written.
pub type Texts = At<Vec<At<String>>>;

/// The incident's free texts in one language.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// `report.title`.
    #[schemars(with = "String")]
    pub title: At<String>,
    /// `report.prepared_by.role`, the signature's role.
    #[schemars(with = "Option<String>")]
    pub prepared_by_role: Option<At<String>>,
    /// `incident.summary`.
    #[schemars(with = "String")]
    pub summary: At<String>,
    /// `incident.services`, in the same order.
    #[schemars(with = "Option<Vec<String>>")]
    pub services: Option<Texts>,
    /// `incident.impact`'s texts.
    #[schemars(with = "TranslatedImpact")]
    pub impact: At<TranslatedImpact>,
    /// `incident.root_cause`'s texts.
    #[schemars(with = "TranslatedRootCause")]
    pub root_cause: At<TranslatedRootCause>,
    /// `incident.communication_note`.
    #[schemars(with = "Option<String>")]
    pub communication_note: Option<At<String>>,
    /// The `text` of every timeline event not marked `internal`, in order.
    #[schemars(with = "Vec<String>")]
    pub timeline: Texts,
    /// `lessons`, in the same order.
    #[schemars(with = "Option<Vec<String>>")]
    pub lessons: Option<Texts>,
    /// `actions`, in the same order.
    #[schemars(with = "Vec<TranslatedAction>")]
    pub actions: At<Vec<At<TranslatedAction>>>,
    /// `apology`.
    #[schemars(with = "Option<String>")]
    pub apology: Option<At<String>>,
    /// `customer_actions`, in the same order.
    #[schemars(with = "Option<Vec<String>>")]
    pub customer_actions: Option<Texts>,
    /// `goodwill.gestures`, in the same order.
    #[schemars(with = "Option<Vec<String>>")]
    pub gestures: Option<Texts>,
}

/// `incident.impact`'s texts in one language.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslatedImpact {
    /// `impact.description`.
    #[schemars(with = "String")]
    pub description: At<String>,
    /// `impact.business_impact`.
    #[schemars(with = "Option<String>")]
    pub business_impact: Option<At<String>>,
}

/// `incident.root_cause`'s texts in one language.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslatedRootCause {
    /// `root_cause.summary`.
    #[schemars(with = "String")]
    pub summary: At<String>,
    /// `root_cause.details`.
    #[schemars(with = "Option<String>")]
    pub details: Option<At<String>>,
    /// `root_cause.contributing_factors`, in the same order.
    #[schemars(with = "Option<Vec<String>>")]
    pub contributing_factors: Option<Texts>,
}

/// One action's texts in one language.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslatedAction {
    /// `action`.
    #[schemars(with = "String")]
    pub action: At<String>,
    /// `owner`, when a team's name needs translating (a person's does not).
    #[schemars(with = "Option<String>")]
    pub owner: Option<At<String>>,
}
