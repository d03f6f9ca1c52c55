//! The tolerant read: every shape problem in a file at once.
//!
//! When the strict, typed read fails, the file is read again in two passes:
//! first into a generic tree of [`Node`]s, each with its position; then that
//! tree is fed to the same typed model through [`Tolerant`], a serde
//! deserializer that records every unknown field, wrong type, invalid value
//! and missing field as a [`Diagnostic`] and carries on with a stand-in value.
//! The field names and allowed values come from the model's own derives
//! (serde hands them to `deserialize_struct` and `deserialize_enum`), so no
//! list is kept by hand. The model that comes out is good enough for the
//! semantic rules to report their problems in the same run; it is never
//! rendered.

use std::cell::RefCell;

use serde::de::value::{Error as ValueError, MapDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::{Location, Spanned};

use crate::diag::{Diagnostic, Pos};

/// A YAML value as written, with positions: the first pass.
#[derive(Debug)]
pub enum Node {
    /// `~`, `null` or nothing.
    Null,
    /// Any scalar, as text.
    Scalar(String),
    /// A list.
    Seq(Vec<Spanned<Node>>),
    /// A mapping, in file order.
    Map(Vec<(Spanned<Node>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Scalar(v))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

/// Reads the tree of `root` into `T`, recording every shape problem.
/// `None` when the model could not be built even so.
pub fn read<T: de::DeserializeOwned>(root: &Spanned<Node>) -> (Option<T>, Vec<Diagnostic>) {
    let diags = RefCell::new(Vec::new());
    let value = T::deserialize(Tolerant {
        at: At::Node(root),
        diags: &diags,
    })
    .ok();
    (value, diags.into_inner())
}

/// Where the deserializer stands: a value in the file, or a field that is
/// not there (named, with the mapping it is missing from).
#[derive(Clone, Copy)]
enum At<'a> {
    Node(&'a Spanned<Node>),
    Missing {
        field: &'static str,
        parent: Option<Pos>,
        /// Whether the problem was already reported (a missing mapping's fields).
        reported: bool,
    },
}

/// The serde deserializer of the second pass.
#[derive(Clone, Copy)]
struct Tolerant<'a> {
    at: At<'a>,
    diags: &'a RefCell<Vec<Diagnostic>>,
}

impl<'a> Tolerant<'a> {
    fn node(&self) -> Option<&'a Spanned<Node>> {
        match self.at {
            At::Node(n) => Some(n),
            At::Missing { .. } => None,
        }
    }

    fn pos(&self) -> Option<Pos> {
        match self.at {
            At::Node(n) => Pos::from_location(n.referenced),
            At::Missing { parent, .. } => parent,
        }
    }

    /// Records a diagnostic, underlining the value when it is a scalar.
    fn record(&self, diag: Diagnostic) {
        let diag = match self.at {
            At::Node(n) => underline(diag, n),
            At::Missing { .. } => diag,
        };
        self.diags.borrow_mut().push(diag);
    }

    /// Reports that the value is not what the model expects (once), or
    /// that it is missing.
    fn wrong(&self, expected: &str) {
        match self.at {
            At::Node(n) if matches!(n.value, Node::Null) => self.record(Diagnostic::error(
                self.pos(),
                format!(
                    "this value is empty; expected {expected} (or remove the key if it is optional)"
                ),
            )),
            At::Node(n) => {
                let what = match &n.value {
                    Node::Seq(_) => "a list".to_owned(),
                    Node::Map(_) => "a mapping".to_owned(),
                    Node::Scalar(s) => format!("`{}`", clip(s)),
                    Node::Null => "nothing".to_owned(),
                };
                self.record(Diagnostic::error(
                    self.pos(),
                    format!("expected {expected} here, not {what}"),
                ));
            }
            At::Missing {
                field,
                parent,
                reported: false,
            } => self.record(Diagnostic::error(
                parent,
                format!("missing field `{field}`; add it here"),
            )),
            At::Missing { .. } => {}
        }
    }

    fn scalar(&self) -> Option<&'a str> {
        match self.node().map(|n| &n.value) {
            Some(Node::Scalar(s)) => Some(s),
            _ => None,
        }
    }

    /// Missing children of a missing or misshapen mapping: already reported.
    fn quiet_missing(&self, field: &'static str) -> Self {
        Tolerant {
            at: At::Missing {
                field,
                parent: self.pos(),
                reported: true,
            },
            diags: self.diags,
        }
    }
}

/// Words for the kinds of values the model asks for.
const WHOLE_NUMBER: &str = "a whole number of 0 or more (no quotes, no sign, no decimals)";

macro_rules! unsigned {
    ($($method:ident $visit:ident $ty:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            match self.scalar().and_then(|s| s.parse::<$ty>().ok()) {
                Some(n) => visitor.$visit(n),
                None => {
                    self.wrong(WHOLE_NUMBER);
                    visitor.$visit(0)
                }
            }
        }
    )*};
}

impl<'de> Deserializer<'de> for Tolerant<'_> {
    type Error = ValueError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.node().map(|n| &n.value) {
            None | Some(Node::Null) => visitor.visit_unit(),
            Some(Node::Scalar(s)) => visitor.visit_str(s),
            Some(Node::Seq(_)) => self.deserialize_seq(visitor),
            Some(Node::Map(_)) => self.deserialize_map(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.scalar() {
            Some("true") => visitor.visit_bool(true),
            Some("false") => visitor.visit_bool(false),
            _ => {
                self.wrong("`true` or `false`");
                visitor.visit_bool(false)
            }
        }
    }

    unsigned!(deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64,
        deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32, deserialize_i64 visit_i64 i64);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.scalar().and_then(|s| s.parse::<f64>().ok()) {
            Some(n) => visitor.visit_f64(n),
            None => {
                self.wrong("a number");
                visitor.visit_f64(0.0)
            }
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.scalar() {
            Some(s) => visitor.visit_str(s),
            None => {
                self.wrong("text");
                visitor.visit_str("")
            }
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.node().map(|n| &n.value) {
            None | Some(Node::Null) => visitor.visit_none(),
            Some(_) => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        if name == SPANNED {
            visitor.visit_newtype_struct(SpannedDe(self))
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.node().map(|n| &n.value) {
            Some(Node::Seq(items)) => visitor.visit_seq(SeqAcc {
                items: items.iter(),
                diags: self.diags,
            }),
            _ => {
                self.wrong("a list");
                visitor.visit_seq(SeqAcc {
                    items: [].iter(),
                    diags: self.diags,
                })
            }
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        // A map keyed by the writer's names (plans, regions, translations):
        // every key is an entry, read as the key type reads it.
        match self.node().map(|n| &n.value) {
            Some(Node::Map(entries)) => {
                let diags = self.diags;
                let at = |node| Tolerant {
                    at: At::Node(node),
                    diags,
                };
                visitor.visit_map(MapAcc {
                    entries: entries.iter().map(|(key, value)| (at(key), at(value))),
                    value: None,
                })
            }
            _ => self.deserialize_struct("", &[], visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let mut present: Vec<(&'static str, Tolerant<'_>)> = Vec::new();
        match self.node().map(|n| &n.value) {
            Some(Node::Map(entries)) => {
                let mut previous: Option<(&str, &Node)> = None;
                for (key, value) in entries {
                    let name = match &key.value {
                        Node::Scalar(s) => s.as_str(),
                        _ => "",
                    };
                    match fields.iter().find(|f| **f == name) {
                        Some(field) => present.push((
                            field,
                            Tolerant {
                                at: At::Node(value),
                                diags: self.diags,
                            },
                        )),
                        None => self.diags.borrow_mut().push(underline(
                            unknown_field(key, name, value, previous, fields),
                            key,
                        )),
                    }
                    previous = Some((name, &value.value));
                }
            }
            Some(_) => self.wrong("a mapping of `key: value` lines"),
            None => self.wrong("a mapping"),
        }
        let reported = !matches!(self.node().map(|n| &n.value), Some(Node::Map(_)));
        let absent: Vec<&'static str> = fields
            .iter()
            .filter(|f| !present.iter().any(|(p, _)| p == *f))
            .copied()
            .collect();
        let missing = absent.into_iter().map(|field| {
            let at = if reported {
                self.quiet_missing(field)
            } else {
                Tolerant {
                    at: At::Missing {
                        field,
                        parent: self.pos(),
                        reported: false,
                    },
                    diags: self.diags,
                }
            };
            (field, at)
        });
        let entries: Vec<_> = present.into_iter().chain(missing).collect();
        visitor.visit_map(MapAcc {
            entries: entries
                .into_iter()
                .map(|(field, value)| (field.into_deserializer(), value)),
            value: None,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let neutral = NEUTRAL
            .iter()
            .find(|n| variants.contains(n))
            .or(variants.first())
            .copied()
            .unwrap_or_default();
        let chosen = match self.scalar() {
            Some(s) if variants.contains(&s) => s,
            Some(s) => {
                let close = closest(s, variants);
                self.record(unknown_value(self.pos(), s, close, variants));
                close.unwrap_or(neutral)
            }
            None => {
                self.wrong(&format!("a single word (one of {})", variants.join(", ")));
                neutral
            }
        };
        let access: StrDeserializer<'_, ValueError> = chosen.into_deserializer();
        visitor.visit_enum(access)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }
}

/// The name serde-saphyr's `Spanned<T>` asks for; its fields come as a map
/// led by [`SPANNED_MARKER`].
const SPANNED: &str = "__yaml_spanned";
const SPANNED_MARKER: &str = "__serde_saphyr_private_spanned";

/// Stand-ins for a value that matches nothing: the harmless ones first, so
/// that the semantic rules do not report what the stand-in caused.
const NEUTRAL: &[&str] = &["note", "draft", "update", "planned"];

/// Feeds a `Spanned<T>` its value and its positions.
struct SpannedDe<'a>(Tolerant<'a>);

impl<'de> Deserializer<'de> for SpannedDe<'_> {
    type Error = ValueError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        let location = match self.0.at {
            At::Node(n) => (n.referenced, n.defined),
            At::Missing { .. } => (Location::UNKNOWN, Location::UNKNOWN),
        };
        visitor.visit_map(SpannedMap {
            inner: self.0,
            location,
            step: 0,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct SpannedMap<'a> {
    inner: Tolerant<'a>,
    location: (Location, Location),
    step: u8,
}

impl<'de> de::MapAccess<'de> for SpannedMap<'_> {
    type Error = ValueError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let key = match self.step {
            0 => SPANNED_MARKER,
            1 => "value",
            2 => "referenced",
            3 => "defined",
            _ => return Ok(None),
        };
        seed.deserialize(IntoDeserializer::<ValueError>::into_deserializer(key))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, Self::Error> {
        self.step += 1;
        let location = |l: Location| {
            MapDeserializer::<_, ValueError>::new(
                [("line", l.line()), ("column", l.column())].into_iter(),
            )
        };
        match self.step {
            1 => seed.deserialize(().into_deserializer()),
            2 => seed.deserialize(self.inner),
            3 => seed.deserialize(location(self.location.0)),
            _ => seed.deserialize(location(self.location.1)),
        }
    }
}

struct SeqAcc<'a, I> {
    items: I,
    diags: &'a RefCell<Vec<Diagnostic>>,
}

impl<'de, 'a, I: Iterator<Item = &'a Spanned<Node>>> de::SeqAccess<'de> for SeqAcc<'a, I> {
    type Error = ValueError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Self::Error> {
        match self.items.next() {
            Some(item) => seed
                .deserialize(Tolerant {
                    at: At::Node(item),
                    diags: self.diags,
                })
                .map(Some),
            None => Ok(None),
        }
    }
}

/// The entries of a mapping: each key is read by its own deserializer (a
/// field name of a struct, or the writer's key of a keyed map), each value
/// tolerantly.
struct MapAcc<'a, I> {
    entries: I,
    value: Option<Tolerant<'a>>,
}

impl<'de, 'a, K, I> de::MapAccess<'de> for MapAcc<'a, I>
where
    K: de::Deserializer<'de, Error = ValueError>,
    I: Iterator<Item = (K, Tolerant<'a>)>,
{
    type Error = ValueError;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Self::Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, Self::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::custom("a value was asked for twice")),
        }
    }
}

/// The diagnostic with its span's end set to the end of `node`, when that
/// is a scalar on one line.
fn underline(diag: Diagnostic, node: &Spanned<Node>) -> Diagnostic {
    let Some(pos) = diag.pos else {
        return diag;
    };
    let len = node.referenced.span().len();
    let same = Pos::from_location(node.referenced) == Some(pos);
    if !same || len == 0 || !matches!(node.value, Node::Scalar(_)) {
        return diag;
    }
    diag.with_end(Pos {
        line: pos.line,
        column: pos.column + len,
    })
}

/// The allowed name closest to what was written, when one is close enough
/// to be a likely slip: the same but for case and `-`/` ` for `_`, one
/// containing the other, or a few letters apart.
#[must_use]
pub fn closest(written: &str, allowed: &[&'static str]) -> Option<&'static str> {
    let norm = |s: &str| s.trim().to_lowercase().replace(['-', ' '], "_");
    let typed = norm(written);
    if typed.is_empty() {
        return None;
    }
    if let Some(same) = allowed.iter().find(|a| norm(a) == typed) {
        return Some(same);
    }
    let containing: Vec<&&str> = allowed
        .iter()
        .filter(|a| typed.len() >= 4 && (a.contains(typed.as_str()) || typed.contains(**a)))
        .collect();
    if let [only] = containing.as_slice() {
        return Some(only);
    }
    let budget = (typed.chars().count() / 3).max(1);
    allowed
        .iter()
        .map(|a| (strsim::osa_distance(&typed, a), *a))
        .filter(|(d, _)| *d <= budget)
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

/// An unknown field, with the closest known one, the list of known ones,
/// and the quoting hint when the key is the rest of a flow-style text cut
/// at a comma.
fn unknown_field(
    key: &Spanned<Node>,
    name: &str,
    value: &Spanned<Node>,
    previous: Option<(&str, &Node)>,
    fields: &[&'static str],
) -> Diagnostic {
    let pos = Pos::from_location(key.referenced);
    let shown = clip(name);
    if let (Some((prev_key, Node::Scalar(prev_text))), Node::Null) = (previous, &value.value)
        && name.contains(' ')
    {
        return Diagnostic::error(
            pos,
            format!("`{shown}` is read as a field name: the text before it ends at a comma"),
        )
        .with_hint(format!(
            "text containing a comma must be quoted inside `{{ }}`: write {prev_key}: \"{}, {}\"",
            prev_text.replace('"', "\\\""),
            name.replace('"', "\\\"")
        ));
    }
    let listed = fields.join(", ");
    match closest(name, fields) {
        Some(close) => Diagnostic::error(
            pos,
            format!("unknown field `{shown}`; did you mean `{close}`?"),
        )
        .with_hint(format!("the fields here are: {listed}")),
        None => Diagnostic::error(pos, format!("unknown field `{shown}`"))
            .with_hint(format!("the fields here are: {listed}")),
    }
}

/// A value that is not one of the allowed words.
fn unknown_value(
    pos: Option<Pos>,
    written: &str,
    close: Option<&str>,
    variants: &[&'static str],
) -> Diagnostic {
    let shown = clip(written);
    let listed = variants.join(", ");
    match close {
        Some(close) => Diagnostic::error(
            pos,
            format!("`{shown}` is not an allowed value; did you mean `{close}`?"),
        )
        .with_hint(format!("the allowed values are: {listed}")),
        None => Diagnostic::error(pos, format!("`{shown}` is not an allowed value"))
            .with_hint(format!("the allowed values are: {listed}")),
    }
}

/// At most 60 characters of what was written, for a message.
fn clip(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_names_likely_slips_only() {
        let fields = ["name", "contact", "customer_since"];
        assert_eq!(closest("contcat", &fields), Some("contact"));
        assert_eq!(closest("Name", &fields), Some("name"));
        assert_eq!(closest("since", &fields), Some("customer_since"));
        assert_eq!(closest("banana", &fields), None);
        let events = ["started", "customer_notified", "resolved", "note"];
        assert_eq!(closest("notified", &events), Some("customer_notified"));
        assert_eq!(
            closest("in-progress", &["planned", "in_progress", "done"]),
            Some("in_progress")
        );
        assert_eq!(
            closest("prorata", &["started_hour", "prorated"]),
            Some("prorated")
        );
        assert_eq!(closest("high", &["minor", "major", "critical"]), None);
    }
}
