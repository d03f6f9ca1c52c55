//! The validated incident: typed values, ready for figures and rendering.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Pos};
pub use crate::read::model::{
    ActionKind, ActionStatus, EventKind, PerHourBasis, Severity, Status, WindowKind,
};

/// A whole, validated incident report.
#[derive(Debug, Clone)]
pub struct Report {
    /// Report metadata.
    pub meta: Meta,
    /// Who writes the report.
    pub provider: Provider,
    /// Who receives it.
    pub customer: Customer,
    /// What happened.
    pub incident: Incident,
    /// The events, in order.
    pub timeline: Vec<Event>,
    /// Commitments.
    pub actions: Vec<Action>,
    /// What was learned (Markdown).
    pub lessons: Vec<String>,
    /// The apology as written, replacing the generated one.
    pub apology: Option<String>,
    /// What the customer must do now.
    pub customer_actions: Vec<String>,
    /// When and who checks back.
    pub follow_up: Option<FollowUp>,
    /// Contract terms, when the customer has an SLA.
    pub contract: Option<Contract>,
    /// What we give beyond the contract.
    pub goodwill: Goodwill,
    /// Warnings found while checking.
    pub warnings: Vec<Diagnostic>,
}

/// Report metadata.
#[derive(Debug, Clone)]
pub struct Meta {
    /// Report id, safe as a file name.
    pub id: String,
    /// Title.
    pub title: String,
    /// Review status.
    pub status: Status,
    /// Revision, when numbered.
    pub revision: Option<u32>,
    /// The report's date.
    pub date: NaiveDate,
    /// Language tag of the letter, e.g. `en` or `cs`.
    pub language: String,
    /// Zone used to display times.
    pub timezone: super::Zone,
    /// Who prepared the report.
    pub prepared_by: Option<Person>,
    /// Who reviews it.
    pub reviewers: Vec<Reviewer>,
    /// Where `status` is in the file.
    pub status_pos: Option<Pos>,
}

/// A person.
#[derive(Debug, Clone)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Role or title.
    pub role: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
}

/// A reviewer and whether they approved.
#[derive(Debug, Clone)]
pub struct Reviewer {
    /// Full name.
    pub name: String,
    /// Role or title.
    pub role: Option<String>,
    /// Approved this revision.
    pub approved: bool,
    /// When they approved it.
    pub approved_at: Option<NaiveDate>,
    /// The fingerprint of the letter they approved.
    pub fingerprint: Option<String>,
    /// Where the reviewer (or their fingerprint) is in the file.
    pub pos: Option<Pos>,
}

/// The provider.
#[derive(Debug, Clone)]
pub struct Provider {
    /// Company name.
    pub name: String,
    /// Where the customer gets help.
    pub support_contact: Option<String>,
    /// Who signs the letter when `report.prepared_by` does not.
    pub signature: Option<String>,
    /// The colour of the PDF's headings (`#RRGGBB`), as red, green, blue.
    pub accent: Option<[u8; 3]>,
    /// The logo's path relative to the incident file (or, from
    /// [`ProviderDefaults::logo`], absolute), and where it is written.
    pub logo: Option<(String, Option<Pos>)>,
}

/// Provider values for incident files that leave them out (the command
/// line reads them from amends.toml's `[provider]`): a file's own values win
/// field by field.
#[derive(Debug, Clone, Default)]
pub struct ProviderDefaults {
    /// Company name.
    pub name: Option<String>,
    /// Where the customer gets help.
    pub support_contact: Option<String>,
    /// Who signs the letter when `report.prepared_by` does not.
    pub signature: Option<String>,
    /// The colour of the PDF's headings, as red, green, blue.
    pub accent: Option<[u8; 3]>,
    /// A PNG logo, as a path the process can open (absolute, or relative to
    /// the current folder); unlike `provider.logo`, not bound to the
    /// incident file's folder.
    pub logo: Option<std::path::PathBuf>,
}

/// The customer.
#[derive(Debug, Clone)]
pub struct Customer {
    /// Company name.
    pub name: String,
    /// Who the letter is addressed to.
    pub contact: Option<String>,
    /// Start of the relationship.
    pub since: Option<NaiveDate>,
    /// The salutation as written, replacing the language's default.
    pub salutation: Option<String>,
    /// Whether the contact chose us and must explain the outage upwards.
    pub explains_upwards: bool,
}

/// What happened.
#[derive(Debug, Clone)]
pub struct Incident {
    /// Plain-language summary.
    pub summary: String,
    /// How serious.
    pub severity: Severity,
    /// Affected services.
    pub services: Vec<String>,
    /// What the customer experienced.
    pub impact: Impact,
    /// What broke and why.
    pub root_cause: RootCause,
    /// Earlier incidents with the same cause.
    pub repeat_of: Vec<String>,
    /// The writer's own word on how we kept the customer informed.
    pub communication_note: Option<String>,
}

/// What the customer experienced.
#[derive(Debug, Clone)]
pub struct Impact {
    /// Description.
    pub description: String,
    /// Knock-on effects on the customer's business.
    pub business_impact: Option<String>,
    /// Affected users.
    pub affected_users: Option<u64>,
    /// Failed requests.
    pub failed_requests: Option<u64>,
    /// Whether data was lost, when stated.
    pub data_loss: Option<bool>,
    /// Whether the outage reached the customer's own customers (stated, never guessed).
    pub knock_on: bool,
    /// Outage and degraded windows (given, or the default one).
    pub windows: Vec<Window>,
    /// Whether the windows were written in the file (else derived from the timeline).
    pub windows_given: bool,
}

/// A window of outage or degradation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Start.
    pub from: DateTime<FixedOffset>,
    /// End, after the start.
    pub to: DateTime<FixedOffset>,
    /// Outage or degraded.
    pub kind: WindowKind,
}

/// The root cause.
#[derive(Debug, Clone)]
pub struct RootCause {
    /// Summary.
    pub summary: String,
    /// Details, Markdown.
    pub details: Option<String>,
    /// Within the provider's control.
    pub within_our_control: bool,
    /// Contributing factors.
    pub contributing_factors: Vec<String>,
}

/// A timeline event.
#[derive(Debug, Clone)]
pub struct Event {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Kind.
    pub kind: EventKind,
    /// What happened, inline Markdown.
    pub text: String,
    /// Left out of the customer's report.
    pub internal: bool,
}

/// An action.
#[derive(Debug, Clone)]
pub struct Action {
    /// What will be done.
    pub action: String,
    /// What it does.
    pub kind: ActionKind,
    /// Who.
    pub owner: String,
    /// By when.
    pub due: NaiveDate,
    /// How far it has got.
    pub status: ActionStatus,
}

/// Follow-up with the customer.
#[derive(Debug, Clone)]
pub struct FollowUp {
    /// When.
    pub date: NaiveDate,
    /// Who.
    pub by: String,
}

/// A currency and its minor units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency {
    /// ISO 4217 code, e.g. EUR.
    pub code: String,
    /// Digits after the decimal point (EUR 2, JPY 0).
    pub minor_units: u32,
}

/// The contract.
#[derive(Debug, Clone)]
pub struct Contract {
    /// Currency of all amounts.
    pub currency: Currency,
    /// Monthly fee, > 0.
    pub monthly_fee: Decimal,
    /// The period availability is measured over.
    pub period: Period,
    /// Whether the period was written (else the month of the first outage).
    pub period_given: bool,
    /// Service levels.
    pub sla: Sla,
}

/// An inclusive range of whole UTC days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day, not before `from`.
    pub to: NaiveDate,
}

impl Period {
    /// Days in the period, both ends included.
    #[must_use]
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
}

/// Service levels.
#[derive(Debug, Clone)]
pub struct Sla {
    /// Committed availability, percent.
    pub availability_target: Decimal,
    /// Credit tiers, as written.
    pub tiers: Vec<Tier>,
    /// Per-hour credit.
    pub per_hour: Option<PerHour>,
    /// Cap, percent of the monthly fee.
    pub max_credit_percent: Option<Decimal>,
}

/// A credit tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tier {
    /// Applies when availability is below this, percent.
    pub below: Decimal,
    /// Credit, percent of the monthly fee.
    pub credit_percent: Decimal,
}

/// Per-hour credit terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerHour {
    /// Amount per hour.
    pub amount: Decimal,
    /// How hours are counted.
    pub per: PerHourBasis,
}

/// Goodwill beyond the contract.
#[derive(Debug, Clone, Default)]
pub struct Goodwill {
    /// Extra days of service.
    pub extra_service_days: Decimal,
    /// Extra credit, percent of the monthly fee.
    pub extra_credit_percent: Decimal,
    /// Non-monetary gestures.
    pub gestures: Vec<String>,
}

impl Goodwill {
    /// Whether anything at all is given beyond the contract.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.extra_service_days.is_zero()
            && self.extra_credit_percent.is_zero()
            && self.gestures.is_empty()
    }
}
