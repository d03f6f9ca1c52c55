//! Reading a customers file, YAML or CSV, into entries whose every value
//! keeps its position (CSV: the row's line and the column's number).

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::diag::{Diagnostic, Pos};
use crate::read::model::{self as raw, At};
use crate::read::{self, Input, pos};

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

/// A customers file, read.
#[derive(Debug)]
pub struct CustomersFile {
    /// The path as given.
    pub name: String,
    /// The text of a YAML file, for snippets (CSV messages name the column).
    pub text: Option<String>,
    /// The customers, in file order.
    pub entries: Vec<Entry>,
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
pub fn load(path: &Path) -> Result<CustomersFile, CustomersError> {
    let name = path.display().to_string();
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        let file = std::fs::File::open(path).map_err(|e| CustomersError {
            name: name.clone(),
            text: None,
            diagnostics: vec![Diagnostic::error(
                None,
                format!("cannot read the file: {e}"),
            )],
        })?;
        let limit = u64::try_from(Input::Customers.limit()).unwrap_or(u64::MAX);
        from_csv(name, file.take(limit))
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
        from_yaml(&source)
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
    let entries = file
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
    Ok(CustomersFile {
        name: source.name.clone(),
        text: Some(source.text.clone()),
        entries,
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

/// Reads a CSV customers file: a header row naming the columns, then one
/// customer a row. Stops at the first row past [`MAX_CUSTOMERS`].
pub fn from_csv(name: String, reader: impl std::io::Read) -> Result<CustomersFile, CustomersError> {
    let invalid = |diagnostics| CustomersError {
        name: name.clone(),
        text: None,
        diagnostics,
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
    let mut records = csv.records();
    let csv_error = |e: csv::Error| {
        let at = e.position().map(|p| Pos {
            line: p.line(),
            column: 1,
        });
        let message = match e.kind() {
            csv::ErrorKind::Utf8 { .. } => {
                "the row is not valid UTF-8; save the file as UTF-8 text".to_owned()
            }
            _ => format!("the row cannot be read as CSV: {e}"),
        };
        Diagnostic::error(at, message)
    };
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(invalid(vec![csv_error(e)])),
        None => {
            return Err(invalid(vec![Diagnostic::error(
                Some(Pos { line: 1, column: 1 }),
                format!(
                    "the file is empty; expected a header row with the columns {}",
                    REQUIRED_COLUMNS.join(", ")
                ),
            )]));
        }
    };
    let mut diags = Vec::new();
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    for (i, title) in header.iter().enumerate() {
        let title = title.trim().trim_start_matches('\u{feff}');
        let at = Some(Pos {
            line: 1,
            column: i as u64 + 1,
        });
        let known = REQUIRED_COLUMNS
            .iter()
            .chain(OPTIONAL_COLUMNS.iter())
            .find(|c| **c == title)
            .copied();
        match known {
            Some(c) if columns.contains(&Some(c)) => {
                diags.push(Diagnostic::error(
                    at,
                    format!("column `{c}` appears twice in the header; keep one"),
                ));
                columns.push(None);
            }
            Some(c) => columns.push(Some(c)),
            None => {
                diags.push(Diagnostic::error(
                    at,
                    format!(
                        "unknown column `{}`; the columns are {}, and optionally {}",
                        crate::check::scalars::clip(title),
                        REQUIRED_COLUMNS.join(", "),
                        OPTIONAL_COLUMNS.join(", ")
                    ),
                ));
                columns.push(None);
            }
        }
    }
    for required in REQUIRED_COLUMNS {
        if !columns.contains(&Some(required)) {
            diags.push(Diagnostic::error(
                Some(Pos { line: 1, column: 1 }),
                format!("the header has no column `{required}`; add it (it may be empty in a row)"),
            ));
        }
    }
    if !diags.is_empty() {
        return Err(invalid(diags));
    }
    let mut entries = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                diags.push(csv_error(e));
                break;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        if entries.len() == MAX_CUSTOMERS {
            diags.push(too_many(Some(Pos { line, column: 1 })));
            break;
        }
        if record.len() == 1 && record.get(0).is_some_and(|c| c.trim().is_empty()) {
            continue; // a blank line
        }
        if record.len() != columns.len() {
            let what = if record.len() < columns.len() {
                let missing: Vec<&str> =
                    columns[record.len()..].iter().flatten().copied().collect();
                format!("is missing column(s) {}", missing.join(", "))
            } else {
                "has more values than the header has columns".to_owned()
            };
            diags.push(Diagnostic::error(
                Some(Pos {
                    line,
                    column: record.len().min(columns.len()) as u64 + 1,
                }),
                format!(
                    "the row has {} values but the header has {} columns: it {what}; \
                     leave a value empty with nothing between two commas",
                    record.len(),
                    columns.len()
                ),
            ));
            continue;
        }
        let mut cells = BTreeMap::new();
        for (i, (value, column)) in record.iter().zip(&columns).enumerate() {
            if let Some(column) = column
                && !value.trim().is_empty()
            {
                cells.insert(
                    *column,
                    Cell {
                        text: value.to_owned(),
                        pos: Some(Pos {
                            line,
                            column: i as u64 + 1,
                        }),
                    },
                );
            }
        }
        entries.push(Entry {
            pos: Some(Pos { line, column: 1 }),
            cells,
            contract: None,
            services: None,
            windows: None,
            affected_users: None,
            failed_requests: None,
        });
    }
    if diags.is_empty() {
        Ok(CustomersFile {
            name,
            text: None,
            entries,
        })
    } else {
        Err(invalid(diags))
    }
}
