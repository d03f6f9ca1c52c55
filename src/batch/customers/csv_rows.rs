//! A CSV customers file: read a chunk at a time, checked, and each row read
//! again by its byte offset when its letter is rendered (rows are not held).

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

use super::{
    Cell, CustomersError, CustomersFile, Entry, MAX_CUSTOMERS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS,
    RowAt, too_many,
};
use crate::diag::{Diagnostic, Pos};
use crate::read::Input;

/// Reads a CSV customers file from `path` (see [`from_csv`]), remembering
/// its size and time so that a file changed before rendering is noticed.
pub(super) fn load(
    path: &Path,
    name: String,
    each: &mut dyn FnMut(&[Entry]),
) -> Result<CustomersFile, CustomersError> {
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
}

/// The customer at `row`, read again from the file; an error (one line, for
/// the manifest) when the file changed since it was checked.
pub(super) fn reread(
    name: &str,
    csv_file: &CsvFile,
    reader: &mut Option<csv::Reader<std::fs::File>>,
    row: &RowAt,
) -> Result<Entry, String> {
    let changed =
        || format!("{name}: the customers file changed after it was checked; run the batch again");
    if reader.is_none() {
        let opened = std::fs::File::open(&csv_file.path)
            .map_err(|e| format!("{name}: cannot read the file: {e}"))?;
        *reader = Some(
            csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(opened),
        );
    }
    let reader = reader.as_mut().ok_or_else(changed)?;
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
        Ok(Some(entry)) if *super::super::customer::customer_id(&entry) == *row.id => Ok(entry),
        _ => Err(changed()),
    }
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
pub(super) struct CsvFile {
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

/// Reads a CSV customers file: a header row naming the columns, then one
/// customer a row, given to `each` a chunk at a time and not held. Stops
/// at the first row past [`MAX_CUSTOMERS`].
pub(super) fn from_csv(
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
                    id: super::super::customer::customer_id(&entry).into(),
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
