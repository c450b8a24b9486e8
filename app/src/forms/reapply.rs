//! Reapplying one person's changes on top of another's save, field by field.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The record `theirs` with every field the user changed (where `mine` differs from what they
/// `opened`) taken from `mine`: two people who changed different fields both keep their change.
/// Fields are the leaves of the record's serialized form: each value of a nested object (a
/// contact's name, an address's city) is a field of its own. A list of values (countries) is
/// one field; a list of records that keeps its length (a channel per category) is merged
/// record by record.
pub fn reapply<T: Serialize + DeserializeOwned + Clone>(opened: &T, mine: &T, theirs: &T) -> T {
    let json = |t: &T| serde_json::to_value(t).unwrap_or(Value::Null);
    let merged = merge(&json(opened), &json(mine), json(theirs));
    serde_json::from_value(merged).unwrap_or_else(|_| mine.clone())
}

fn merge(opened: &Value, mine: &Value, theirs: Value) -> Value {
    match (opened, mine, theirs) {
        (Value::Object(o), Value::Object(m), Value::Object(mut t)) => {
            for (key, mine_value) in m {
                let merged = match (o.get(key), t.remove(key)) {
                    (Some(opened_value), Some(their_value)) => {
                        merge(opened_value, mine_value, their_value)
                    }
                    // A field only one side has: the user's value if they set it.
                    (_, their_value) => their_value.unwrap_or_else(|| mine_value.clone()),
                };
                t.insert(key.clone(), merged);
            }
            Value::Object(t)
        }
        (Value::Array(o), Value::Array(m), Value::Array(t))
            if o.len() == m.len() && m.len() == t.len() && o.iter().all(Value::is_object) =>
        {
            Value::Array(
                o.iter()
                    .zip(m)
                    .zip(t)
                    .map(|((o, m), t)| merge(o, m, t))
                    .collect(),
            )
        }
        (opened, mine, theirs) => {
            if mine != opened {
                mine.clone()
            } else {
                theirs
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Address {
        street: String,
        city: String,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Contact {
        name: String,
        email: String,
        phone: String,
        countries: Vec<String>,
        address: Address,
    }

    fn contact(name: &str, email: &str, city: &str, countries: &[&str]) -> Contact {
        Contact {
            name: name.into(),
            email: email.into(),
            phone: "+33 1 23 45 67 89".into(),
            countries: countries.iter().map(|c| c.to_string()).collect(),
            address: Address {
                street: "1 rue de la Paix".into(),
                city: city.into(),
            },
        }
    }

    #[test]
    fn changes_to_different_fields_both_survive() {
        let opened = contact("Ana", "ana@contoso.example", "Paris", &["FR"]);
        let mine = contact("Ana Lopez", "ana@contoso.example", "Paris", &["FR"]);
        let theirs = contact("Ana", "sales@contoso.example", "Lyon", &["FR", "DE"]);
        let merged = reapply(&opened, &mine, &theirs);
        assert_eq!(
            merged,
            contact("Ana Lopez", "sales@contoso.example", "Lyon", &["FR", "DE"])
        );
    }

    #[test]
    fn the_users_change_wins_on_a_field_both_changed() {
        let opened = contact("Ana", "ana@contoso.example", "Paris", &["FR"]);
        let mine = contact("Ana", "ana@contoso.example", "Nice", &["FR"]);
        let theirs = contact("Ana", "ana@contoso.example", "Lyon", &["FR"]);
        assert_eq!(reapply(&opened, &mine, &theirs).address.city, "Nice");
    }

    #[test]
    fn a_list_is_one_field() {
        let opened = contact("Ana", "a@x.example", "Paris", &["FR", "DE"]);
        let mine = contact("Ana", "a@x.example", "Paris", &["FR"]);
        let theirs = contact("Ana", "a@x.example", "Paris", &["FR", "DE", "ES"]);
        assert_eq!(reapply(&opened, &mine, &theirs).countries, vec!["FR"]);
    }

    #[test]
    fn a_list_of_records_of_one_length_merges_record_by_record() {
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        struct Row {
            category: String,
            channel: String,
        }
        let rows = |a: &str, b: &str| {
            vec![
                Row {
                    category: "billing".into(),
                    channel: a.into(),
                },
                Row {
                    category: "users".into(),
                    channel: b.into(),
                },
            ]
        };
        let merged = reapply(
            &rows("both", "both"),
            &rows("email", "both"),
            &rows("both", "bell"),
        );
        assert_eq!(merged, rows("email", "bell"));
    }

    #[test]
    fn nothing_changed_takes_theirs_whole() {
        let opened = contact("Ana", "a@x.example", "Paris", &["FR"]);
        let theirs = contact("Bo", "b@x.example", "Lyon", &[]);
        assert_eq!(reapply(&opened, &opened.clone(), &theirs), theirs);
    }
}
