//! The key schema of the specification, checked before any value is read, so that a
//! misspelled key is reported with the nearest valid key instead of being ignored.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{Position, SimError};

/// One key that the schema allows, and the shape of its value.
struct Field {
    name: &'static str,
    shape: Shape,
}

enum Shape {
    /// A value whose type the typed parser checks later.
    Value,
    /// A table with the given keys.
    Table(&'static [Field]),
    /// An array of tables, each with the given keys.
    TableArray(&'static [Field]),
    /// A table keyed by group label, each entry a table with the given keys.
    PerGroup(&'static [Field]),
}

const fn value(name: &'static str) -> Field {
    Field {
        name,
        shape: Shape::Value,
    }
}

const MOMENTS: &[Field] = &[value("mean"), value("sd")];

const GROUP: &[Field] = &[value("label"), value("n"), value("pre_post_correlation")];

const BASELINE: &[Field] = &[
    value("column"),
    value("distribution"),
    value("mean"),
    value("sd"),
    value("min"),
    value("max"),
    value("decimals"),
    value("levels"),
    value("probabilities"),
    value("missing"),
];

const PARAMETER: &[Field] = &[
    value("name"),
    value("pre_column"),
    value("post_column"),
    value("min"),
    value("max"),
    value("decimals"),
    Field {
        name: "pre",
        shape: Shape::Table(MOMENTS),
    },
    Field {
        name: "post",
        shape: Shape::PerGroup(MOMENTS),
    },
];

const CORRELATION: &[Field] = &[value("order"), value("matrix")];

const TOP: &[Field] = &[
    value("schema_version"),
    value("seed"),
    value("output"),
    value("id_column"),
    value("id_prefix"),
    value("id_digits"),
    value("group_column"),
    Field {
        name: "group",
        shape: Shape::TableArray(GROUP),
    },
    Field {
        name: "baseline",
        shape: Shape::TableArray(BASELINE),
    },
    Field {
        name: "parameter",
        shape: Shape::TableArray(PARAMETER),
    },
    Field {
        name: "correlation",
        shape: Shape::Table(CORRELATION),
    },
];

/// A key found in the text that the schema does not allow.
struct Unknown {
    key: String,
    table: Option<String>,
    offset: usize,
    expected: Vec<String>,
}

/// Parses `text` as TOML and checks every key against the specification schema.
///
/// # Errors
/// [`SimError::Toml`] when the text is not TOML, and [`SimError::UnknownKey`] for the
/// unknown key that comes first in the text.
pub(crate) fn check_keys(text: &str) -> Result<(), SimError> {
    let document = DeTable::parse(text).map_err(|error| toml_error(text, &error))?;
    let group_labels = group_labels(document.get_ref());
    let mut unknown = Vec::new();
    check_table(document.get_ref(), None, TOP, &group_labels, &mut unknown);

    let Some(first) = unknown.into_iter().min_by_key(|entry| entry.offset) else {
        return Ok(());
    };
    let suggestion = nearest(&first.key, &first.expected);
    Err(SimError::UnknownKey {
        key: first.key,
        table: first.table,
        position: Some(Position::from_offset(text, first.offset)),
        suggestion,
        expected: first.expected,
    })
}

/// Converts a TOML parser error into [`SimError::Toml`] with its line and column.
pub(crate) fn toml_error(text: &str, error: &toml::de::Error) -> SimError {
    SimError::Toml {
        position: error
            .span()
            .map(|span| Position::from_offset(text, span.start)),
        message: error.message().trim_end().to_string(),
    }
}

fn check_table(
    table: &DeTable<'_>,
    path: Option<&str>,
    fields: &[Field],
    group_labels: &[String],
    unknown: &mut Vec<Unknown>,
) {
    for (key, item) in table.iter() {
        let name: &str = key.get_ref();
        let Some(field) = fields.iter().find(|field| field.name == name) else {
            unknown.push(Unknown {
                key: name.to_string(),
                table: path.map(str::to_string),
                offset: key.span().start,
                expected: fields.iter().map(|field| field.name.to_string()).collect(),
            });
            continue;
        };
        let child_path = join(path, name);
        match (&field.shape, item.get_ref()) {
            (Shape::Table(child_fields), DeValue::Table(child)) => {
                check_table(
                    child,
                    Some(&child_path),
                    child_fields,
                    group_labels,
                    unknown,
                );
            }
            (Shape::TableArray(child_fields), DeValue::Array(elements)) => {
                for (index, element) in elements.iter().enumerate() {
                    if let DeValue::Table(child) = element.get_ref() {
                        let element_path = format!("{child_path}[{}]", element_name(child, index));
                        check_table(
                            child,
                            Some(&element_path),
                            child_fields,
                            group_labels,
                            unknown,
                        );
                    }
                }
            }
            (Shape::PerGroup(child_fields), DeValue::Table(per_group)) => {
                check_per_group(per_group, &child_path, child_fields, group_labels, unknown);
            }
            // Other types are left to the typed parser, which names the expected type.
            _ => {}
        }
    }
}

fn check_per_group(
    per_group: &DeTable<'_>,
    path: &str,
    fields: &[Field],
    group_labels: &[String],
    unknown: &mut Vec<Unknown>,
) {
    for (key, item) in per_group.iter() {
        let label: &str = key.get_ref();
        if !group_labels.iter().any(|known| known == label) {
            unknown.push(Unknown {
                key: label.to_string(),
                table: Some(path.to_string()),
                offset: key.span().start,
                expected: group_labels.to_vec(),
            });
            continue;
        }
        if let DeValue::Table(child) = item.get_ref() {
            check_table(
                child,
                Some(&join(Some(path), label)),
                fields,
                group_labels,
                unknown,
            );
        }
    }
}

fn join(path: Option<&str>, key: &str) -> String {
    match path {
        Some(path) => format!("{path}.{key}"),
        None => key.to_string(),
    }
}

/// Names an element of an array of tables by its `name`, `label` or `column` value, or by
/// its position counting from 1.
fn element_name(table: &DeTable<'_>, index: usize) -> String {
    ["name", "label", "column"]
        .iter()
        .find_map(|key| lookup(table, key).and_then(|value| value.get_ref().as_str()))
        .map_or_else(|| format!("#{}", index + 1), str::to_string)
}

fn lookup<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
    table
        .iter()
        .find(|(candidate, _)| {
            let candidate: &str = candidate.get_ref();
            candidate == key
        })
        .map(|(_, value)| value)
}

/// Collects the `label` of every `[[group]]`, the valid keys of each parameter's `post`.
fn group_labels(document: &DeTable<'_>) -> Vec<String> {
    let Some(DeValue::Array(groups)) = lookup(document, "group").map(Spanned::get_ref) else {
        return Vec::new();
    };
    groups
        .iter()
        .filter_map(|group| match group.get_ref() {
            DeValue::Table(table) => lookup(table, "label")?
                .get_ref()
                .as_str()
                .map(str::to_string),
            _ => None,
        })
        .collect()
}

/// Finds the valid key nearest to `key`, ignoring case, when it is likely a misspelling.
///
/// A valid key that starts with `key` (of 3 or more characters) wins. Otherwise the valid
/// key with the smallest edit distance is returned if the distance is at most a third of
/// the key's length, with at least 2 edits allowed.
pub(crate) fn nearest(key: &str, candidates: &[String]) -> Option<String> {
    let key_lower = key.to_lowercase();
    if key_lower.chars().count() >= 3
        && let Some(extension) = candidates
            .iter()
            .filter(|candidate| candidate.to_lowercase().starts_with(&key_lower))
            .min_by_key(|candidate| candidate.len())
    {
        return Some(extension.clone());
    }
    let (distance, best) = candidates
        .iter()
        .map(|candidate| {
            (
                edit_distance(&key_lower, &candidate.to_lowercase()),
                candidate,
            )
        })
        .min_by_key(|(distance, _)| *distance)?;
    let limit = (key.chars().count() / 3).max(2);
    (distance <= limit).then(|| best.clone())
}

/// Computes the Levenshtein distance between two strings, counted in characters.
fn edit_distance(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    let mut current = vec![0; right.len() + 1];
    for (i, left_char) in left.chars().enumerate() {
        current[0] = i + 1;
        for (j, &right_char) in right.iter().enumerate() {
            let substitution = previous[j] + usize::from(left_char != right_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[right.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("seed", "seed"), 0);
        assert_eq!(edit_distance("sed", "seed"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn nearest_suggests_close_key() {
        let keys = names(&["seed", "schema_version", "output"]);
        assert_eq!(nearest("sed", &keys), Some("seed".to_string()));
        assert_eq!(nearest("Seed", &keys), Some("seed".to_string()));
        assert_eq!(nearest("schema", &keys), Some("schema_version".to_string()));
    }

    #[test]
    fn nearest_skips_distant_key() {
        let keys = names(&["seed", "output"]);
        assert_eq!(nearest("correlation", &keys), None);
    }

    #[test]
    fn unknown_group_in_post_is_reported() {
        let text =
            "[[group]]\nlabel = \"a\"\n[[parameter]]\nname = \"X\"\npost = { b = { mean = 1 } }\n";
        let error = check_keys(text).unwrap_err();
        let SimError::UnknownKey {
            key,
            table,
            expected,
            ..
        } = error
        else {
            panic!("expected UnknownKey, got {error:?}");
        };
        assert_eq!(key, "b");
        assert_eq!(table.as_deref(), Some("parameter[X].post"));
        assert_eq!(expected, names(&["a"]));
    }

    #[test]
    fn first_unknown_key_in_text_wins() {
        let text = "seed = 1\n[correlation]\nordr = []\n[[group]]\nlable = \"a\"\n";
        let error = check_keys(text).unwrap_err();
        let SimError::UnknownKey {
            key,
            position,
            suggestion,
            ..
        } = error
        else {
            panic!("expected UnknownKey, got {error:?}");
        };
        assert_eq!(key, "ordr");
        assert_eq!(suggestion.as_deref(), Some("order"));
        assert_eq!(position, Some(Position { line: 3, column: 1 }));
    }
}
