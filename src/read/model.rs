//! The incident file as written: every value with its line and column.
//!
//! Scalars that need parsing with good messages (times, dates, money, zones)
//! are kept as text here and parsed in `check`, which knows what to say.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// A value together with where it stands in the file.
pub type At<T> = Spanned<T>;

/// The whole incident file (format 1).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentFile {
    /// Format version; must be 1 when present.
    #[schemars(with = "Option<u32>")]
    pub format: Option<At<u32>>,
    /// Report metadata.
    #[schemars(with = "ReportMeta")]
    pub report: At<ReportMeta>,
    /// Who writes the report; fields left out may come from amends.toml's
    /// `[provider]` (docs/config.md).
    #[schemars(with = "Option<Provider>")]
    pub provider: Option<At<Provider>>,
    /// Who receives it.
    #[schemars(with = "Customer")]
    pub customer: At<Customer>,
    /// What happened.
    #[schemars(with = "IncidentSection")]
    pub incident: At<IncidentSection>,
    /// The events, in order.
    #[schemars(with = "Vec<Event>")]
    pub timeline: At<Vec<At<Event>>>,
    /// Commitments that follow from the lessons.
    #[schemars(with = "Vec<Action>")]
    pub actions: At<Vec<At<Action>>>,
    /// What was learned.
    #[schemars(with = "Option<Vec<String>>")]
    pub lessons: Option<At<Vec<At<String>>>>,
    /// Replaces the generated apology.
    #[schemars(with = "Option<String>")]
    pub apology: Option<At<String>>,
    /// What the customer must do now (re-confirm orders, rotate keys).
    #[schemars(with = "Option<Vec<String>>")]
    pub customer_actions: Option<At<Vec<At<String>>>>,
    /// When and who checks back.
    #[schemars(with = "Option<FollowUp>")]
    pub follow_up: Option<At<FollowUp>>,
    /// The contract's service levels and fee.
    #[schemars(with = "Option<Contract>")]
    pub contract: Option<At<Contract>>,
    /// What is given beyond the contract.
    #[schemars(with = "Option<Goodwill>")]
    pub goodwill: Option<At<Goodwill>>,
    /// SLA schedules a customers file names in its `plan` column (batch).
    #[schemars(with = "Option<std::collections::BTreeMap<String, Sla>>")]
    pub plans: Option<At<std::collections::BTreeMap<String, At<Sla>>>>,
    /// Named impact windows a customers file names in its `region` column (batch).
    #[schemars(with = "Option<std::collections::BTreeMap<String, Vec<Window>>>")]
    pub regions: Option<At<std::collections::BTreeMap<String, Windows>>>,
    /// The customers file, relative to this file (batch).
    #[schemars(with = "Option<String>")]
    pub customers: Option<At<String>>,
    /// The incident's texts in other languages, by language tag (batch).
    #[schemars(
        with = "Option<std::collections::BTreeMap<String, super::translations::Translation>>"
    )]
    pub translations:
        Option<At<std::collections::BTreeMap<String, At<super::translations::Translation>>>>,
    /// What reviewers decided about the review's findings.
    #[schemars(with = "Option<ReviewSection>")]
    pub review: Option<At<ReviewSection>>,
    /// Where the file's top-level mapping starts (its first key): the place
    /// of a problem with the file as a whole, such as a missing section.
    /// Not written in the file; set by [`crate::read::parse`].
    #[serde(skip)]
    #[schemars(skip)]
    pub start: Option<crate::diag::Pos>,
}

/// `review:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewSection {
    /// Findings a reviewer accepted, with the reason.
    #[schemars(with = "Option<Vec<Acknowledgement>>")]
    pub acknowledged: Option<At<Vec<At<Acknowledgement>>>>,
}

/// One accepted finding: `{rule, quote, reason, by}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    /// The finding's rule id.
    #[schemars(with = "String")]
    pub rule: At<String>,
    /// The words it quotes (or a part of them); empty for findings without a quote.
    #[schemars(with = "Option<String>")]
    pub quote: Option<At<String>>,
    /// Why the words stay.
    #[schemars(with = "String")]
    pub reason: At<String>,
    /// Who decided.
    #[schemars(with = "String")]
    pub by: At<String>,
}

/// `report:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportMeta {
    /// Report id; names the output files.
    #[schemars(with = "String")]
    pub id: At<String>,
    /// Report title.
    #[schemars(with = "String")]
    pub title: At<String>,
    /// draft, review or final.
    #[schemars(with = "Option<Status>")]
    pub status: Option<At<Status>>,
    /// Revision number, from 1.
    #[schemars(with = "Option<u32>")]
    pub revision: Option<At<u32>>,
    /// Date of the report, YYYY-MM-DD.
    #[schemars(with = "Option<String>")]
    pub date: Option<At<String>>,
    /// Language of the letter.
    #[schemars(with = "Option<String>")]
    pub language: Option<At<String>>,
    /// IANA zone used to display times.
    #[schemars(with = "Option<String>")]
    pub timezone: Option<At<String>>,
    /// Who prepared the report.
    #[schemars(with = "Option<Person>")]
    pub prepared_by: Option<At<Person>>,
    /// Who reviews it.
    #[schemars(with = "Option<Vec<Reviewer>>")]
    pub reviewers: Option<At<Vec<At<Reviewer>>>>,
}

/// Where a report is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being written.
    Draft,
    /// With reviewers.
    Review,
    /// Approved for sending.
    Final,
}

impl Status {
    /// The word used in the file and the outputs.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Final => "final",
        }
    }
}

/// A person with an optional role and e-mail.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    #[schemars(with = "String")]
    pub name: At<String>,
    /// Role or title.
    #[schemars(with = "Option<String>")]
    pub role: Option<At<String>>,
    /// E-mail address.
    #[schemars(with = "Option<String>")]
    pub email: Option<At<String>>,
}

/// A reviewer of the report.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    /// Full name.
    #[schemars(with = "String")]
    pub name: At<String>,
    /// Role or title.
    #[schemars(with = "Option<String>")]
    pub role: Option<At<String>>,
    /// Whether they approved this revision.
    #[schemars(with = "Option<bool>")]
    pub approved: Option<At<bool>>,
    /// When they approved it, YYYY-MM-DD.
    #[schemars(with = "Option<String>")]
    pub approved_at: Option<At<String>>,
    /// The fingerprint of the letter they approved (docs/review.md).
    #[schemars(with = "Option<String>")]
    pub fingerprint: Option<At<String>>,
}

/// `provider:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Company name; required, here or in amends.toml's `[provider]`.
    #[schemars(with = "Option<String>")]
    pub name: Option<At<String>>,
    /// Where the customer gets help.
    #[schemars(with = "Option<String>")]
    pub support_contact: Option<At<String>>,
    /// Who signs the letter when `report.prepared_by` does not (`The Acme Cloud support team`).
    #[schemars(with = "Option<String>")]
    pub signature: Option<At<String>>,
    /// The colour of the PDF's headings, `#RRGGBB`.
    #[schemars(with = "Option<String>")]
    pub accent: Option<At<String>>,
    /// A PNG or JPEG logo for the PDF's first page, relative to the incident file.
    #[schemars(with = "Option<String>")]
    pub logo: Option<At<String>>,
}

/// `customer:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// Company name.
    #[schemars(with = "String")]
    pub name: At<String>,
    /// Who the letter is addressed to.
    #[schemars(with = "Option<String>")]
    pub contact: Option<At<String>>,
    /// Start of the relationship, YYYY-MM-DD.
    #[schemars(with = "Option<String>")]
    pub customer_since: Option<At<String>>,
    /// The letter's salutation as written (`Vážená paní Nováková,`).
    #[schemars(with = "Option<String>")]
    pub salutation: Option<At<String>>,
    /// Whether the contact chose us and must now explain the outage upwards.
    #[schemars(with = "Option<bool>")]
    pub explains_upwards: Option<At<bool>>,
}

/// `incident:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentSection {
    /// Plain-language summary.
    #[schemars(with = "String")]
    pub summary: At<String>,
    /// minor, major or critical.
    #[schemars(with = "Severity")]
    pub severity: At<Severity>,
    /// Affected services, at least one.
    #[schemars(with = "Vec<String>")]
    pub services: At<Vec<At<String>>>,
    /// What the customer experienced.
    #[schemars(with = "Impact")]
    pub impact: At<Impact>,
    /// What broke and why.
    #[schemars(with = "RootCause")]
    pub root_cause: At<RootCause>,
    /// The writer's own word on how we kept the customer informed, shown
    /// after the letter owns a late notice or a long silence.
    #[schemars(with = "Option<String>")]
    pub communication_note: Option<At<String>>,
    /// Earlier incidents with the same cause.
    #[schemars(with = "Option<Vec<String>>")]
    pub repeat_of: Option<At<Vec<At<String>>>>,
}

/// How serious the incident was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A small slip.
    Minor,
    /// A serious disruption.
    Major,
    /// The service was unusable.
    Critical,
}

/// `incident.impact:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Impact {
    /// What the customer experienced.
    #[schemars(with = "String")]
    pub description: At<String>,
    /// Knock-on effects on the customer's business.
    #[schemars(with = "Option<String>")]
    pub business_impact: Option<At<String>>,
    /// How many of the customer's users were affected.
    #[schemars(with = "Option<u64>")]
    pub affected_users: Option<At<u64>>,
    /// How many requests failed.
    #[schemars(with = "Option<u64>")]
    pub failed_requests: Option<At<u64>>,
    /// Whether data was lost.
    #[schemars(with = "Option<bool>")]
    pub data_loss: Option<At<bool>>,
    /// Whether the outage reached the customer's own customers.
    #[schemars(with = "Option<bool>")]
    pub knock_on: Option<At<bool>>,
    /// Outage and degraded windows.
    #[schemars(with = "Option<Vec<Window>>")]
    pub windows: Option<At<Vec<At<Window>>>>,
}

/// A list of windows, as written.
pub type Windows = At<Vec<At<Window>>>;

/// One window of outage or degradation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Start, RFC 3339 with offset.
    #[schemars(with = "String")]
    pub from: At<String>,
    /// End, RFC 3339 with offset.
    #[schemars(with = "String")]
    pub to: At<String>,
    /// outage or degraded.
    #[schemars(with = "WindowKind")]
    pub kind: At<WindowKind>,
}

/// Whether a window counts as downtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum WindowKind {
    /// The service was down: counts toward downtime.
    Outage,
    /// The service was slow or partly failing: reported, not counted.
    Degraded,
    /// Scheduled maintenance the contract excludes: shown, not counted.
    Maintenance,
}

/// `incident.root_cause:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RootCause {
    /// What broke and why, in a sentence or two.
    #[schemars(with = "String")]
    pub summary: At<String>,
    /// More detail, Markdown.
    #[schemars(with = "Option<String>")]
    pub details: Option<At<String>>,
    /// Whether the cause was within the provider's control.
    #[schemars(with = "bool")]
    pub within_our_control: At<bool>,
    /// What made it worse.
    #[schemars(with = "Option<Vec<String>>")]
    pub contributing_factors: Option<At<Vec<At<String>>>>,
}

/// One timeline event.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// When, RFC 3339 with offset.
    #[schemars(with = "String")]
    pub at: At<String>,
    /// What kind of event.
    #[schemars(with = "EventKind")]
    pub event: At<EventKind>,
    /// What happened, inline Markdown.
    #[schemars(with = "String")]
    pub text: At<String>,
    /// Left out of the customer-facing report when true.
    #[schemars(with = "Option<bool>")]
    pub internal: Option<At<bool>>,
}

/// The kinds of timeline event.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The failure began.
    Started,
    /// We noticed.
    Detected,
    /// Someone took it on.
    Acknowledged,
    /// First word to the customer.
    CustomerNotified,
    /// Every later message to the customer.
    Update,
    /// The impact was stopped or reduced.
    Mitigated,
    /// Service fully restored.
    Resolved,
    /// Anything else worth recording.
    Note,
}

/// One action.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// What will be done.
    #[schemars(with = "String")]
    pub action: At<String>,
    /// prevent, detect, mitigate or process.
    #[schemars(with = "ActionKind")]
    pub kind: At<ActionKind>,
    /// Who is responsible.
    #[schemars(with = "String")]
    pub owner: At<String>,
    /// By when, YYYY-MM-DD.
    #[schemars(with = "String")]
    pub due: At<String>,
    /// planned, in_progress or done.
    #[schemars(with = "Option<ActionStatus>")]
    pub status: Option<At<ActionStatus>>,
}

/// What an action does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ActionKind {
    /// Stops the cause recurring.
    Prevent,
    /// Finds it sooner.
    Detect,
    /// Limits the impact.
    Mitigate,
    /// Changes how we work.
    Process,
}

/// How far an action has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Not started.
    Planned,
    /// Under way.
    InProgress,
    /// Finished.
    Done,
}

/// `follow_up:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// When, YYYY-MM-DD.
    #[schemars(with = "String")]
    pub date: At<String>,
    /// Who.
    #[schemars(with = "String")]
    pub by: At<String>,
}

/// `contract:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// ISO 4217 code.
    #[schemars(with = "String")]
    pub currency: At<String>,
    /// Monthly fee, a decimal.
    #[schemars(with = "super::schema::DecimalText")]
    pub monthly_fee: At<String>,
    /// The SLA period, inclusive dates.
    #[schemars(with = "Option<Period>")]
    pub period: Option<At<Period>>,
    /// The service levels and credits.
    #[schemars(with = "Sla")]
    pub sla: At<Sla>,
}

/// An inclusive range of whole days.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day, YYYY-MM-DD.
    #[schemars(with = "String")]
    pub from: At<String>,
    /// Last day, YYYY-MM-DD.
    #[schemars(with = "String")]
    pub to: At<String>,
}

/// `contract.sla:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    /// Committed availability, percent.
    #[schemars(with = "super::schema::DecimalText")]
    pub availability_target: At<String>,
    /// Tiered credits.
    #[schemars(with = "Option<Vec<Tier>>")]
    pub credits: Option<At<Vec<At<Tier>>>>,
    /// Credit per hour of downtime.
    #[schemars(with = "Option<PerHour>")]
    pub per_hour: Option<At<PerHour>>,
    /// Cap on the contractual credit, percent of the monthly fee.
    #[schemars(with = "Option<super::schema::DecimalText>")]
    pub max_credit_percent: Option<At<String>>,
    /// The SLA period of a plan; only under `plans:` (a contract has its own).
    #[schemars(with = "Option<Period>")]
    pub period: Option<At<Period>>,
}

/// One credit tier.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Applies when availability is below this percent.
    #[schemars(with = "super::schema::DecimalText")]
    pub below: At<String>,
    /// Credit, percent of the monthly fee.
    #[schemars(with = "super::schema::DecimalText")]
    pub credit_percent: At<String>,
}

/// `sla.per_hour:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PerHour {
    /// Amount per hour.
    #[schemars(with = "super::schema::DecimalText")]
    pub amount: At<String>,
    /// started_hour or prorated.
    #[schemars(with = "PerHourBasis")]
    pub per: At<PerHourBasis>,
}

/// How hours of downtime are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PerHourBasis {
    /// Every started hour counts in full.
    StartedHour,
    /// Exact fraction of an hour.
    Prorated,
}

/// `goodwill:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goodwill {
    /// Extra days of free service.
    #[schemars(with = "Option<super::schema::DecimalText>")]
    pub extra_service_days: Option<At<String>>,
    /// Extra credit, percent of the monthly fee.
    #[schemars(with = "Option<super::schema::DecimalText>")]
    pub extra_credit_percent: Option<At<String>>,
    /// Non-monetary gestures.
    #[schemars(with = "Option<Vec<String>>")]
    pub gestures: Option<At<Vec<At<String>>>>,
}
