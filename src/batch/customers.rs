//! Reading a customers file, YAML or CSV, into entries whose every value
//! keeps its position (CSV: the row's line and the column's number).

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::diag::{Diagnostic, Pos};
use crate::read::model::{self as raw, At};
use crate::read::{self, Input, pos};

mod csv_rows;
use csv_rows::CsvFile;

/// Most customers one batch takes: a documented limit, so a runaway export
/// is refused at row `MAX_CUSTOMERS + 1` without reading the rest.
pub const MAX_CUSTOMERS: usize = 100_000;

/// The CSV columns every customers file has.
pub const REQUIRED_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "contact",
    "language",
    "timezone",
    "currency",
    "monthly_fee",
    "plan",
];

/// The CSV columns a customers file may add.
pub const OPTIONAL_COLUMNS: [&str; 5] = [
    "salutation",
    "customer_since",
    "goodwill_days",
    "goodwill_percent",
    "region",
];

/// One value as written, with where it stands.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The text, as written.
    pub text: String,
    /// Line and column (CSV: column number) of the value.
    pub pos: Option<Pos>,
}

/// One customer as written in the customers file.
#[derive(Debug)]
pub struct Entry {
    /// Where the customer starts (CSV: its row).
    pub pos: Option<Pos>,
    /// The values by column name (CSV columns; the same keys in YAML). An
    /// empty CSV cell is absent.
    pub cells: BTreeMap<&'static str, Cell>,
    /// A full contract instead of currency, fee and plan (YAML only; boxed,
    /// as are the next two: a CSV customer has none, and a batch holds every
    /// customer, so an entry stays about a tenth of their size).
    pub contract: Option<Box<At<raw::Contract>>>,
    /// The services this customer uses (YAML only).
    pub services: Option<Box<At<Vec<At<String>>>>>,
    /// The customer's own impact windows (YAML only).
    pub windows: Option<Box<At<Vec<At<raw::Window>>>>>,
    /// The customer's own count of affected users (YAML only).
    pub affected_users: Option<u64>,
    /// The customer's own count of failed requests (YAML only).
    pub failed_requests: Option<u64>,
}

/// A customers file, read and checked.
#[derive(Debug)]
pub struct CustomersFile {
    /// The path as given.
    pub name: String,
    /// The text of a YAML file, for snippets (CSV messages name the column).
    pub text: Option<String>,
    /// A YAML file's customers, in file order (a CSV file's are not held:
    /// each row is read again when its letter is rendered).
    pub entries: Vec<Entry>,
    /// Where each customer is, in file order; in id order once checked.
    pub rows: Vec<RowAt>,
    /// A CSV file's header and its size and time when it was read.
    csv: Option<CsvFile>,
}

/// Where one customer is in its file: all a batch keeps of it between
/// checking it and rendering its letter, so memory stays flat.
#[derive(Debug, Clone)]
pub struct RowAt {
    /// The customer's id (see [`super::customer::customer_id`]).
    pub id: Box<str>,
    /// Where its id is written.
    pub id_pos: Option<Pos>,
    /// CSV: the row's byte offset; YAML: its index in `entries`.
    offset: u64,
    /// CSV: a digest of the row's values, so that a row changed in place
    /// (same length, same second) is not taken for the row checked.
    digest: u64,
}

/// One customer as a letter is rendered from it: held (YAML) or read again (CSV).
#[derive(Debug)]
pub enum Got<'a> {
    /// A YAML customer, held.
    Held(&'a Entry),
    /// A CSV row, read again.
    Read(Entry),
}

impl std::ops::Deref for Got<'_> {
    type Target = Entry;
    fn deref(&self) -> &Entry {
        match self {
            Got::Held(e) => e,
            Got::Read(e) => e,
        }
    }
}

/// Reads customers back by their place in [`CustomersFile::rows`]; one per thread.
#[derive(Debug)]
pub struct Rereader<'a> {
    file: &'a CustomersFile,
    reader: Option<csv::Reader<std::fs::File>>,
}

impl CustomersFile {
    /// How many customers the file lists.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the file lists no customer.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// A reader of customers by their place in `rows`.
    #[must_use]
    pub fn rereader(&self) -> Rereader<'_> {
        Rereader {
            file: self,
            reader: None,
        }
    }
}

impl<'a> Rereader<'a> {
    /// The customer at `rows[at]`; an error (one line, for the manifest)
    /// when a CSV file changed since it was checked.
    pub fn get(&mut self, at: usize) -> Result<Got<'a>, String> {
        let file = self.file;
        let row = file
            .rows
            .get(at)
            .ok_or_else(|| format!("no customer at {at}"))?;
        let Some(csv_file) = &file.csv else {
            let i = usize::try_from(row.offset).unwrap_or(usize::MAX);
            return file
                .entries
                .get(i)
                .map(Got::Held)
                .ok_or_else(|| format!("no customer at {at}"));
        };
        csv_rows::reread(&file.name, csv_file, &mut self.reader, row).map(Got::Read)
    }
}

/// Why a customers file could not be read: its name and every problem.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {} problem(s) in the customers file", diagnostics.len())]
pub struct CustomersError {
    /// The path as given.
    pub name: String,
    /// The YAML text, for snippets.
    pub text: Option<String>,
    /// What is wrong, and where.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a customers file: CSV when its name ends in `.csv`, else YAML.
/// `each` sees every customer once, a chunk at a time (a CSV file's
/// customers are not all held; see [`Rereader`]).
pub fn load(path: &Path, each: &mut dyn FnMut(&[Entry])) -> Result<CustomersFile, CustomersError> {
    let name = path.display().to_string();
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        csv_rows::load(path, name, each)
    } else {
        let source = read::read_limited(path, Input::Customers).map_err(|e| match e {
            read::ReadError::Io { name, source } => CustomersError {
                name,
                text: None,
                diagnostics: vec![Diagnostic::error(
                    None,
                    format!("cannot read the file: {source}"),
                )],
            },
            read::ReadError::Invalid {
                name,
                text,
                diagnostic,
            } => CustomersError {
                name,
                text,
                diagnostics: vec![*diagnostic],
            },
        })?;
        let read = from_yaml(&source)?;
        each(&read.entries);
        Ok(read)
    }
}

/// The YAML customers file: `customers:` and a list.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct YamlFile {
    /// One entry a customer, each getting its own letter.
    #[schemars(with = "Vec<YamlCustomer>")]
    customers: At<Vec<At<YamlCustomer>>>,
}

/// One customer in YAML: the CSV's fields, plus what only YAML can hold.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct YamlCustomer {
    /// Unique in the file; 1 to 64 letters, digits, `.`, `_` or `-` (it names the letter's files).
    #[schemars(with = "String")]
    id: At<String>,
    /// The company the letter is addressed to.
    #[schemars(with = "String")]
    name: At<String>,
    /// The person the letter is addressed to.
    #[schemars(with = "Option<String>")]
    contact: Option<At<String>>,
    /// Replaces the generated salutation line.
    #[schemars(with = "Option<String>")]
    salutation: Option<At<String>>,
    /// The letter's language (it must have wording); default: the incident's.
    #[schemars(with = "Option<String>")]
    language: Option<At<String>>,
    /// IANA zone the letter shows times in; default: the incident's.
    #[schemars(with = "Option<String>")]
    timezone: Option<At<String>>,
    /// Start of the relationship, YYYY-MM-DD.
    #[schemars(with = "Option<String>")]
    customer_since: Option<At<String>>,
    /// ISO 4217 code; with `monthly_fee` and `plan`, or none of the three.
    #[schemars(with = "Option<String>")]
    currency: Option<At<String>>,
    /// Decimal above 0, in `currency`.
    #[schemars(with = "Option<crate::read::schema::DecimalText>")]
    monthly_fee: Option<At<String>>,
    /// A name under the incident file's `plans:`.
    #[schemars(with = "Option<String>")]
    plan: Option<At<String>>,
    /// Extra service days, 0 to 366; replaces the incident's.
    #[schemars(with = "Option<crate::read::schema::DecimalText>")]
    goodwill_days: Option<At<String>>,
    /// Extra credit percent, 0 to 100; replaces the incident's.
    #[schemars(with = "Option<crate::read::schema::DecimalText>")]
    goodwill_percent: Option<At<String>>,
    /// A name under the incident file's `regions:`: the customer's impact windows.
    #[schemars(with = "Option<String>")]
    region: Option<At<String>>,
    /// A full contract, as in the incident file, instead of currency, fee and plan.
    #[schemars(with = "Option<raw::Contract>")]
    contract: Option<At<raw::Contract>>,
    /// Which of the incident's services the customer uses.
    #[schemars(with = "Option<Vec<String>>")]
    services: Option<At<Vec<At<String>>>>,
    /// The customer's own impact windows.
    #[schemars(with = "Option<Vec<raw::Window>>")]
    windows: Option<At<Vec<At<raw::Window>>>>,
    /// The customer's own count of affected users.
    #[schemars(with = "Option<u64>")]
    affected_users: Option<At<u64>>,
    /// The customer's own count of failed requests.
    #[schemars(with = "Option<u64>")]
    failed_requests: Option<At<u64>>,
}

/// The YAML customers file's JSON Schema, pretty-printed with a final
/// newline: the same bytes as docs/customers.schema.json.
#[must_use]
pub fn customers_schema() -> String {
    crate::read::schema::published(
        schemars::schema_for!(YamlFile),
        "amends customers file (YAML)",
    )
}

/// Reads a YAML customers file from its text.
pub fn from_yaml(source: &read::Source) -> Result<CustomersFile, CustomersError> {
    let invalid = |diagnostics| CustomersError {
        name: source.name.clone(),
        text: Some(source.text.clone()),
        diagnostics,
    };
    let file: YamlFile =
        read::parse_yaml(source, Input::Customers).map_err(|d| invalid(vec![d]))?;
    if file.customers.value.len() > MAX_CUSTOMERS {
        return Err(invalid(vec![too_many(pos(&file.customers))]));
    }
    let entries: Vec<Entry> = file
        .customers
        .value
        .into_iter()
        .map(|c| {
            let at = pos(&c);
            let c = c.value;
            let mut cells = BTreeMap::new();
            let mut put = |key: &'static str, value: Option<At<String>>| {
                if let Some(v) = value {
                    let pos = pos(&v);
                    cells.insert(key, Cell { text: v.value, pos });
                }
            };
            put("id", Some(c.id));
            put("name", Some(c.name));
            put("contact", c.contact);
            put("salutation", c.salutation);
            put("language", c.language);
            put("timezone", c.timezone);
            put("customer_since", c.customer_since);
            put("currency", c.currency);
            put("monthly_fee", c.monthly_fee);
            put("plan", c.plan);
            put("goodwill_days", c.goodwill_days);
            put("goodwill_percent", c.goodwill_percent);
            put("region", c.region);
            Entry {
                pos: at,
                cells,
                contract: c.contract.map(Box::new),
                services: c.services.map(Box::new),
                windows: c.windows.map(Box::new),
                affected_users: c.affected_users.map(|v| v.value),
                failed_requests: c.failed_requests.map(|v| v.value),
            }
        })
        .collect();
    let rows = entries
        .iter()
        .enumerate()
        .map(|(i, e)| RowAt {
            id: super::customer::customer_id(e).into(),
            id_pos: e.cells.get("id").and_then(|c| c.pos),
            offset: i as u64,
            digest: 0,
        })
        .collect();
    Ok(CustomersFile {
        name: source.name.clone(),
        text: Some(source.text.clone()),
        entries,
        rows,
        csv: None,
    })
}

fn too_many(at: Option<Pos>) -> Diagnostic {
    Diagnostic::error(
        at,
        format!(
            "the file lists more than {MAX_CUSTOMERS} customers, the most one batch takes; \
             split it into several files"
        ),
    )
}
