//! The incident file as written: every value with its line and column.
//!
//! Scalars that need parsing with good messages (times, dates, money, zones)
//! are kept as text here and parsed in `check`, which knows what to say.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// A value together with where it stands in the file.
pub type At<T> = Spanned<T>;

/// The whole incident file (format 1).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentFile {
    /// Format version; must be 1 when present.
    pub format: Option<At<u32>>,
    /// Report metadata.
    pub report: At<ReportMeta>,
    /// Who writes the report.
    pub provider: At<Provider>,
    /// Who receives it.
    pub customer: At<Customer>,
    /// What happened.
    pub incident: At<IncidentSection>,
    /// The events, in order.
    pub timeline: At<Vec<At<Event>>>,
    /// Commitments that follow from the lessons.
    pub actions: At<Vec<At<Action>>>,
    /// What was learned.
    pub lessons: Option<At<Vec<At<String>>>>,
    /// Replaces the generated apology.
    pub apology: Option<At<String>>,
    /// What the customer must do now (re-confirm orders, rotate keys).
    pub customer_actions: Option<At<Vec<At<String>>>>,
    /// When and who checks back.
    pub follow_up: Option<At<FollowUp>>,
    /// The contract's service levels and fee.
    pub contract: Option<At<Contract>>,
    /// What is given beyond the contract.
    pub goodwill: Option<At<Goodwill>>,
    /// SLA schedules a customers file names in its `plan` column (batch).
    pub plans: Option<At<std::collections::BTreeMap<String, At<Sla>>>>,
    /// Named impact windows a customers file names in its `region` column (batch).
    pub regions: Option<At<std::collections::BTreeMap<String, Windows>>>,
    /// The customers file, relative to this file (batch).
    pub customers: Option<At<String>>,
    /// What reviewers decided about the review's findings.
    pub review: Option<At<ReviewSection>>,
}

/// `review:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewSection {
    /// Findings a reviewer accepted, with the reason.
    pub acknowledged: Option<At<Vec<At<Acknowledgement>>>>,
}

/// One accepted finding: `{rule, quote, reason, by}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    /// The finding's rule id.
    pub rule: At<String>,
    /// The words it quotes (or a part of them); empty for findings without a quote.
    pub quote: Option<At<String>>,
    /// Why the words stay.
    pub reason: At<String>,
    /// Who decided.
    pub by: At<String>,
}

/// `report:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportMeta {
    /// Report id; names the output files.
    pub id: At<String>,
    /// Report title.
    pub title: At<String>,
    /// draft, review or final.
    pub status: Option<At<Status>>,
    /// Revision number, from 1.
    pub revision: Option<At<u32>>,
    /// Date of the report, YYYY-MM-DD.
    pub date: Option<At<String>>,
    /// Language of the letter.
    pub language: Option<At<String>>,
    /// IANA zone used to display times.
    pub timezone: Option<At<String>>,
    /// Who prepared the report.
    pub prepared_by: Option<At<Person>>,
    /// Who reviews it.
    pub reviewers: Option<At<Vec<At<Reviewer>>>>,
}

/// Where a report is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    pub name: At<String>,
    /// Role or title.
    pub role: Option<At<String>>,
    /// E-mail address.
    pub email: Option<At<String>>,
}

/// A reviewer of the report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    /// Full name.
    pub name: At<String>,
    /// Role or title.
    pub role: Option<At<String>>,
    /// Whether they approved this revision.
    pub approved: Option<At<bool>>,
    /// When they approved it, YYYY-MM-DD.
    pub approved_at: Option<At<String>>,
    /// The fingerprint of the letter they approved (docs/review.md).
    pub fingerprint: Option<At<String>>,
}

/// `provider:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Company name.
    pub name: At<String>,
    /// Where the customer gets help.
    pub support_contact: Option<At<String>>,
    /// The colour of the PDF's headings, `#RRGGBB`.
    pub accent: Option<At<String>>,
    /// A PNG logo for the PDF's first page, relative to the incident file.
    pub logo: Option<At<String>>,
}

/// `customer:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// Company name.
    pub name: At<String>,
    /// Who the letter is addressed to.
    pub contact: Option<At<String>>,
    /// Start of the relationship, YYYY-MM-DD.
    pub customer_since: Option<At<String>>,
    /// The letter's salutation as written (`Vážená paní Nováková,`).
    pub salutation: Option<At<String>>,
    /// Whether the contact chose us and must now explain the outage upwards.
    pub explains_upwards: Option<At<bool>>,
}

/// `incident:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentSection {
    /// Plain-language summary.
    pub summary: At<String>,
    /// minor, major or critical.
    pub severity: At<Severity>,
    /// Affected services, at least one.
    pub services: At<Vec<At<String>>>,
    /// What the customer experienced.
    pub impact: At<Impact>,
    /// What broke and why.
    pub root_cause: At<RootCause>,
    /// The writer's own word on how we kept the customer informed, shown
    /// after the letter owns a late notice or a long silence.
    pub communication_note: Option<At<String>>,
    /// Earlier incidents with the same cause.
    pub repeat_of: Option<At<Vec<At<String>>>>,
}

/// How serious the incident was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Impact {
    /// What the customer experienced.
    pub description: At<String>,
    /// Knock-on effects on the customer's business.
    pub business_impact: Option<At<String>>,
    /// How many of the customer's users were affected.
    pub affected_users: Option<At<u64>>,
    /// How many requests failed.
    pub failed_requests: Option<At<u64>>,
    /// Whether data was lost.
    pub data_loss: Option<At<bool>>,
    /// Whether the outage reached the customer's own customers.
    pub knock_on: Option<At<bool>>,
    /// Outage and degraded windows.
    pub windows: Option<At<Vec<At<Window>>>>,
}

/// A list of windows, as written.
pub type Windows = At<Vec<At<Window>>>;

/// One window of outage or degradation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Start, RFC 3339 with offset.
    pub from: At<String>,
    /// End, RFC 3339 with offset.
    pub to: At<String>,
    /// outage or degraded.
    pub kind: At<WindowKind>,
}

/// Whether a window counts as downtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootCause {
    /// What broke and why, in a sentence or two.
    pub summary: At<String>,
    /// More detail, Markdown.
    pub details: Option<At<String>>,
    /// Whether the cause was within the provider's control.
    pub within_our_control: At<bool>,
    /// What made it worse.
    pub contributing_factors: Option<At<Vec<At<String>>>>,
}

/// One timeline event.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// When, RFC 3339 with offset.
    pub at: At<String>,
    /// What kind of event.
    pub event: At<EventKind>,
    /// What happened, inline Markdown.
    pub text: At<String>,
    /// Left out of the customer-facing report when true.
    pub internal: Option<At<bool>>,
}

/// The kinds of timeline event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// What will be done.
    pub action: At<String>,
    /// prevent, detect, mitigate or process.
    pub kind: At<ActionKind>,
    /// Who is responsible.
    pub owner: At<String>,
    /// By when, YYYY-MM-DD.
    pub due: At<String>,
    /// planned, in_progress or done.
    pub status: Option<At<ActionStatus>>,
}

/// What an action does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// When, YYYY-MM-DD.
    pub date: At<String>,
    /// Who.
    pub by: At<String>,
}

/// `contract:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// ISO 4217 code.
    pub currency: At<String>,
    /// Monthly fee, a decimal.
    pub monthly_fee: At<String>,
    /// The SLA period, inclusive dates.
    pub period: Option<At<Period>>,
    /// The service levels and credits.
    pub sla: At<Sla>,
}

/// An inclusive range of whole days.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day, YYYY-MM-DD.
    pub from: At<String>,
    /// Last day, YYYY-MM-DD.
    pub to: At<String>,
}

/// `contract.sla:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    /// Committed availability, percent.
    pub availability_target: At<String>,
    /// Tiered credits.
    pub credits: Option<At<Vec<At<Tier>>>>,
    /// Credit per hour of downtime.
    pub per_hour: Option<At<PerHour>>,
    /// Cap on the contractual credit, percent of the monthly fee.
    pub max_credit_percent: Option<At<String>>,
    /// The SLA period of a plan; only under `plans:` (a contract has its own).
    pub period: Option<At<Period>>,
}

/// One credit tier.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Applies when availability is below this percent.
    pub below: At<String>,
    /// Credit, percent of the monthly fee.
    pub credit_percent: At<String>,
}

/// `sla.per_hour:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerHour {
    /// Amount per hour.
    pub amount: At<String>,
    /// started_hour or prorated.
    pub per: At<PerHourBasis>,
}

/// How hours of downtime are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PerHourBasis {
    /// Every started hour counts in full.
    StartedHour,
    /// Exact fraction of an hour.
    Prorated,
}

/// `goodwill:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goodwill {
    /// Extra days of free service.
    pub extra_service_days: Option<At<String>>,
    /// Extra credit, percent of the monthly fee.
    pub extra_credit_percent: Option<At<String>>,
    /// Non-monetary gestures.
    pub gestures: Option<At<Vec<At<String>>>>,
}
