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

/// The digest of a CSV row's values (fixed keys: the same row, the same digest).
fn digest(record: &csv::StringRecord) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::hash::DefaultHasher::new();
    for value in record {
        value.hash(&mut hasher);
    }
    hasher.finish()
}

/// What re-reading a CSV row needs, and what tells that the file changed.
#[derive(Debug)]
struct CsvFile {
    path: std::path::PathBuf,
    columns: Vec<Option<&'static str>>,
    stamp: Stamp,
}

/// A file's length and modification time: when either differs between the
/// check and the rendering, the rows read are not the rows checked.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    fn of(file: &std::fs::File) -> std::io::Result<Stamp> {
        let meta = file.metadata()?;
        Ok(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
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
        let changed = || {
            format!(
                "{}: the customers file changed after it was checked; run the batch again",
                file.name
            )
        };
        if self.reader.is_none() {
            let opened = std::fs::File::open(&csv_file.path)
                .map_err(|e| format!("{}: cannot read the file: {e}", file.name))?;
            self.reader = Some(
                csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(opened),
            );
        }
        let reader = self.reader.as_mut().ok_or_else(changed)?;
        if Stamp::of(reader.get_ref()).ok().as_ref() != Some(&csv_file.stamp) {
            return Err(changed());
        }
        let mut position = csv::Position::new();
        position.set_byte(row.offset);
        position.set_line(row.id_pos.map_or(1, |p| p.line));
        reader.seek(position).map_err(|_| changed())?;
        let mut record = csv::StringRecord::new();
        match reader.read_record(&mut record) {
            Ok(true) if digest(&record) == row.digest => {}
            _ => return Err(changed()),
        }
        match csv_entry(&record, &csv_file.columns) {
            Ok(Some(entry)) if *super::customer::customer_id(&entry) == *row.id => {
                Ok(Got::Read(entry))
            }
            _ => Err(changed()),
        }
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
        let unreadable = |e: std::io::Error| CustomersError {
            name: name.clone(),
            text: None,
            diagnostics: vec![Diagnostic::error(
                None,
                format!("cannot read the file: {e}"),
            )],
        };
        let file = std::fs::File::open(path).map_err(unreadable)?;
        let stamp = Stamp::of(&file).map_err(unreadable)?;
        let limit = u64::try_from(Input::Customers.limit()).unwrap_or(u64::MAX);
        let mut read = from_csv(name, file.take(limit), each)?;
        if let Some(csv) = &mut read.csv {
            csv.path = path.to_owned();
            csv.stamp = stamp;
        }
        Ok(read)
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

/// Reads a CSV customers file: a header row naming the columns, then one
/// customer a row, given to `each` a chunk at a time and not held. Stops
/// at the first row past [`MAX_CUSTOMERS`].
pub fn from_csv(
    name: String,
    reader: impl std::io::Read,
    each: &mut dyn FnMut(&[Entry]),
) -> Result<CustomersFile, CustomersError> {
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
    // Rows are checked a chunk at a time (in parallel by `each`): enough
    // to keep the threads busy, few enough that memory does not grow.
    const CHUNK: usize = 1024;
    let mut chunk: Vec<Entry> = Vec::with_capacity(CHUNK);
    let mut rows: Vec<RowAt> = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                diags.push(csv_error(e));
                break;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        if rows.len() == MAX_CUSTOMERS {
            diags.push(too_many(Some(Pos { line, column: 1 })));
            break;
        }
        match csv_entry(&record, &columns) {
            Ok(None) => {}
            Ok(Some(entry)) => {
                rows.push(RowAt {
                    id: super::customer::customer_id(&entry).into(),
                    id_pos: entry.cells.get("id").and_then(|c| c.pos),
                    offset: record.position().map_or(0, csv::Position::byte),
                    digest: digest(&record),
                });
                chunk.push(entry);
                if chunk.len() == CHUNK {
                    each(&chunk);
                    chunk.clear();
                }
            }
            Err(d) => diags.push(d),
        }
    }
    each(&chunk);
    if diags.is_empty() {
        Ok(CustomersFile {
            name,
            text: None,
            entries: Vec::new(),
            rows,
            csv: Some(CsvFile {
                path: std::path::PathBuf::new(),
                columns,
                stamp: Stamp {
                    len: 0,
                    modified: None,
                },
            }),
        })
    } else {
        Err(invalid(diags))
    }
}

/// One CSV row as a customer: `None` for a blank line; an error at the
/// row's line when it has too few or too many values.
fn csv_entry(
    record: &csv::StringRecord,
    columns: &[Option<&'static str>],
) -> Result<Option<Entry>, Diagnostic> {
    let line = record.position().map_or(0, csv::Position::line);
    if record.len() == 1 && record.get(0).is_some_and(|c| c.trim().is_empty()) {
        return Ok(None); // a blank line
    }
    if record.len() != columns.len() {
        let what = if record.len() < columns.len() {
            let missing: Vec<&str> = columns[record.len()..].iter().flatten().copied().collect();
            format!("is missing column(s) {}", missing.join(", "))
        } else {
            "has more values than the header has columns".to_owned()
        };
        return Err(Diagnostic::error(
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
    }
    let mut cells = BTreeMap::new();
    for (i, (value, column)) in record.iter().zip(columns).enumerate() {
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
    Ok(Some(Entry {
        pos: Some(Pos { line, column: 1 }),
        cells,
        contract: None,
        services: None,
        windows: None,
        affected_users: None,
        failed_requests: None,
    }))
}
