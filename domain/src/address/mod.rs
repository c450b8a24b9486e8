//! Postal addresses: whether one can be delivered to, and how it is written.
//!
//! The rules are Google's libaddressinput metadata (see `data.rs`): for every country the
//! required fields and the postal-code pattern; for the [`VALIDATED_COUNTRIES`] also the regions,
//! the postal-code prefixes of each region and the fields written in capitals. [`validate`] runs
//! in the browser (to show the problem, or the corrected address, before submitting) and on the
//! server (to refuse what the browser let through), so it does no I/O.

mod data;

use regex_lite::Regex;
use serde::{Deserialize, Serialize};

/// The countries whose addresses get the full check: regions, postal code against region and
/// capitals, with a corrected address offered. Elsewhere only required fields and the
/// postal-code format are checked, because the data (and our partners) do not need more.
pub const VALIDATED_COUNTRIES: [&str; 6] = ["AM", "HU", "KG", "MD", "UZ", "RU"];

/// An address as typed in the form. `country` is an ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressInput {
    pub country: String,
    pub street: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
}

/// A field of [`AddressInput`] a problem or a correction belongs to, so the form can show it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AddressField {
    Street,
    City,
    Region,
    PostalCode,
}

/// Why an address was refused. The client turns each case into a sentence in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AddressProblem {
    Required(AddressField),
    /// The postal code does not have the country's format; `example` is one that does.
    PostalCodeFormat {
        example: Option<String>,
    },
    /// The postal code belongs to another region than the one chosen (named as it was offered).
    PostalCodeNotInRegion {
        region: String,
    },
    /// The country needs a region and none of its regions has this name.
    UnknownRegion,
    UnknownCountry,
}

/// The outcome of [`validate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Validation {
    /// The address is right; this is it with whitespace tidied (and, outside the
    /// [`VALIDATED_COUNTRIES`], the letters of the postal code in capitals), ready to store.
    Valid(AddressInput),
    /// The address can be delivered to but is written differently from the postal standard:
    /// the user picks `entered` (what they typed, whitespace tidied) or `suggested`. `changes`
    /// lists the fields that differ between the two.
    Suggest {
        entered: AddressInput,
        suggested: AddressInput,
        changes: Vec<AddressField>,
    },
    Invalid(Vec<AddressProblem>),
}

/// The address rules of one country, as Google publishes them.
#[derive(Debug)]
pub struct CountryRules {
    /// ISO 3166-1 alpha-2 code.
    pub code: &'static str,
    /// The order of the lines and fields of a written address in Google's notation
    /// (`%A` street, `%C` city, `%S` region, `%Z` postal code, `%n` new line, ...).
    pub fmt: &'static str,
    /// The required fields as Google's letters (A street, C city, S region, Z postal code).
    pub require: &'static str,
    /// The fields written in capitals, as the same letters.
    pub upper: &'static str,
    /// The postal-code pattern (not anchored), if the country has postal codes.
    pub zip: Option<&'static str>,
    /// Postal codes that fit `zip`, to show as examples.
    pub zipex: &'static [&'static str],
    /// What is written before the postal code (Moldova `MD-`).
    pub postprefix: Option<&'static str>,
    /// The regions, only for the [`VALIDATED_COUNTRIES`] (and empty where Google has none).
    pub regions: &'static [Region],
}

/// A region (oblast, marz, ...) of a country.
#[derive(Debug)]
pub struct Region {
    /// Google's key, usually the local name.
    pub key: &'static str,
    /// The name in the local script (Cyrillic for Russia, Armenian for Armenia).
    pub name: &'static str,
    /// The name in Latin letters.
    pub latin_name: Option<&'static str>,
    /// The pattern the start of the region's postal codes matches (not anchored).
    pub zip_prefix: Option<&'static str>,
}

impl CountryRules {
    pub fn requires(&self, field: AddressField) -> bool {
        self.require.contains(field.letter())
    }

    pub fn is_upper(&self, field: AddressField) -> bool {
        self.upper.contains(field.letter())
    }
}

impl AddressField {
    pub const ALL: [AddressField; 4] = [
        AddressField::Street,
        AddressField::City,
        AddressField::Region,
        AddressField::PostalCode,
    ];

    /// The letter libaddressinput uses for the field in `require`, `upper` and `fmt`.
    pub fn letter(self) -> char {
        match self {
            AddressField::Street => 'A',
            AddressField::City => 'C',
            AddressField::Region => 'S',
            AddressField::PostalCode => 'Z',
        }
    }
}

impl AddressInput {
    pub fn get(&self, field: AddressField) -> &str {
        match field {
            AddressField::Street => &self.street,
            AddressField::City => &self.city,
            AddressField::Region => &self.region,
            AddressField::PostalCode => &self.postal_code,
        }
    }

    /// The postal code as written on an envelope: after its country's prefix (Moldova's
    /// `MD-`), which is not stored. Empty when there is none.
    pub fn written_postal_code(&self) -> String {
        let code = self.postal_code.trim();
        let prefix = rules(&self.country).and_then(|r| r.postprefix);
        match prefix {
            Some(prefix) if !code.is_empty() && !code.starts_with(prefix) => {
                format!("{prefix}{code}")
            }
            _ => code.to_owned(),
        }
    }

    fn get_mut(&mut self, field: AddressField) -> &mut String {
        match field {
            AddressField::Street => &mut self.street,
            AddressField::City => &mut self.city,
            AddressField::Region => &mut self.region,
            AddressField::PostalCode => &mut self.postal_code,
        }
    }
}

/// The rules of the country with this alpha-2 code (any case), if Google has data for it.
pub fn rules(country: &str) -> Option<&'static CountryRules> {
    let code = country.trim().to_ascii_uppercase();
    data::COUNTRIES
        .binary_search_by(|rules| rules.code.cmp(code.as_str()))
        .ok()
        .map(|i| &data::COUNTRIES[i])
}

/// Checks an address against its country's rules.
///
/// Whitespace differences alone never bother the user: they give [`Validation::Valid`] with the
/// tidied address. For the [`VALIDATED_COUNTRIES`], a region spelled otherwise than the postal
/// standard or in another script than the city, or a field that is written in capitals there
/// gives [`Validation::Suggest`]. Anything that cannot be delivered to gives
/// [`Validation::Invalid`] with every problem found.
pub fn validate(input: &AddressInput) -> Validation {
    let mut entered = tidy(input);
    let Some(rules) = rules(&entered.country) else {
        return Validation::Invalid(vec![AddressProblem::UnknownCountry]);
    };
    let full_check = VALIDATED_COUNTRIES.contains(&rules.code);
    let mut problems = Vec::new();
    for field in AddressField::ALL {
        if rules.requires(field) && entered.get(field).is_empty() {
            problems.push(AddressProblem::Required(field));
        }
    }

    let mut suggested = entered.clone();
    let mut bare_postal_code = None;
    if !entered.postal_code.is_empty() {
        match check_postal_code(rules, &entered.postal_code) {
            // Stored without the country's prefix (Moldova's `MD-`), whichever way it was
            // typed: the prefix is written when the address is shown.
            Some(bare) => {
                entered.postal_code = bare.clone();
                suggested.postal_code = bare.clone();
                bare_postal_code = Some(bare);
            }
            None => problems.push(AddressProblem::PostalCodeFormat {
                example: rules.zipex.first().map(|e| (*e).to_owned()),
            }),
        }
    }

    if full_check && !entered.region.is_empty() && !rules.regions.is_empty() {
        match find_region(rules.regions, &entered.region, script_of(&entered)) {
            Some((region, name)) => {
                suggested.region = name.to_owned();
                if let (Some(prefix), Some(code)) = (region.zip_prefix, &bare_postal_code) {
                    if !is_match(&format!("^(?:{prefix})"), code) {
                        problems.push(AddressProblem::PostalCodeNotInRegion {
                            region: name.to_owned(),
                        });
                    }
                }
            }
            None if rules.requires(AddressField::Region) => {
                problems.push(AddressProblem::UnknownRegion)
            }
            None => {}
        }
    }

    if !problems.is_empty() {
        return Validation::Invalid(problems);
    }
    if !full_check {
        // Elsewhere only the postal code's letters are normalised (postal codes are written
        // in capitals everywhere); nothing is offered for the user to choose.
        let mut valid = entered;
        valid.postal_code = valid.postal_code.to_ascii_uppercase();
        return Validation::Valid(valid);
    }
    for field in AddressField::ALL {
        if rules.is_upper(field) {
            let value = suggested.get_mut(field);
            *value = value.to_uppercase();
        }
    }
    let changes: Vec<AddressField> = AddressField::ALL
        .into_iter()
        .filter(|f| entered.get(*f) != suggested.get(*f))
        .collect();
    if changes.is_empty() {
        Validation::Valid(entered)
    } else {
        Validation::Suggest {
            entered,
            suggested,
            changes,
        }
    }
}

/// The address with the country code in capitals and every field trimmed, inner runs of
/// whitespace collapsed to one space: the changes nobody needs to confirm.
fn tidy(input: &AddressInput) -> AddressInput {
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    AddressInput {
        country: input.country.trim().to_ascii_uppercase(),
        street: collapse(&input.street),
        city: collapse(&input.city),
        region: collapse(&input.region),
        postal_code: collapse(&input.postal_code),
    }
}

/// The postal code without the country's `postprefix` and in capitals, if it has the country's
/// format. The prefix is optional and recognised in any case, with a hyphen, a space or nothing
/// after its letters ("2012", "MD-2012", "md 2012" and "MD2012" are all Moldovan "2012").
/// A country without a pattern accepts any postal code.
fn check_postal_code(rules: &CountryRules, code: &str) -> Option<String> {
    let code = code.to_ascii_uppercase();
    let Some(zip) = rules.zip else {
        return Some(code);
    };
    let whole = format!("^(?:{zip})$");
    let letters = rules
        .postprefix
        .map(|p| p.trim_end_matches(['-', ' ']))
        .filter(|l| !l.is_empty());
    let without_prefix = letters
        .and_then(|l| code.strip_prefix(l))
        .map(|rest| rest.trim_start_matches(['-', ' ']).to_owned());
    without_prefix
        .into_iter()
        .chain([code])
        .find(|candidate| is_match(&whole, candidate))
}

/// Whether `text` matches `pattern`. The test `every_pattern_in_the_data_compiles` makes sure
/// the data's patterns compile; should one still not, the check is skipped rather than refusing
/// a real address.
fn is_match(pattern: &str, text: &str) -> bool {
    Regex::new(pattern).map_or(true, |re| re.is_match(text))
}

/// Words that name the kind of region rather than the region ("Moscow oblast", "Kotayk marz",
/// "обл." for "область"). They are left out of a comparison only when the name does not match
/// with them, and only if the rest then matches exactly one region.
const REGION_WORDS: &[&str] = &[
    "oblast",
    "obl",
    "область",
    "обл",
    "region",
    "регион",
    "respublika",
    "republic",
    "republits",
    "республика",
    "kray",
    "krai",
    "край",
    "province",
    "marz",
    "մարզ",
];

/// The script an address is written in, judged by its city (else its street).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    /// The country's own (Cyrillic, Armenian).
    Local,
}

fn script_of(address: &AddressInput) -> Option<Script> {
    let is_latin = |c: char| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c);
    [&address.city, &address.street]
        .into_iter()
        .find_map(|text| {
            let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
            letters.peek()?;
            Some(if letters.all(is_latin) {
                Script::Latin
            } else {
                Script::Local
            })
        })
}

/// The region the user meant, and its name in the script of the rest of the address (`script`):
/// a Cyrillic or Armenian city never stands beside a Latin region, nor a Latin one beside a
/// Cyrillic region. With no city or street to judge by, the script the region was typed in. Names are compared ignoring case, whitespace,
/// apostrophes (`oblast'`), hyphens and dots, and `ё` against `е`; failing that, without the
/// [`REGION_WORDS`].
fn find_region(
    regions: &'static [Region],
    typed: &str,
    script: Option<Script>,
) -> Option<(&'static Region, &'static str)> {
    let exact = comparable(typed);
    let found = regions
        .iter()
        .find_map(|r| region_name(r, &exact, comparable, script));
    if found.is_some() {
        return found;
    }
    let stripped = without_region_words(&exact);
    if stripped.is_empty() {
        return None;
    }
    let mut candidates = regions.iter().filter_map(|r| {
        let key = |name: &str| without_region_words(&comparable(name));
        region_name(r, &stripped, key, script)
    });
    match (candidates.next(), candidates.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

fn region_name(
    region: &'static Region,
    typed: &str,
    key: impl Fn(&str) -> String,
    script: Option<Script>,
) -> Option<(&'static Region, &'static str)> {
    let local = key(region.name) == typed || key(region.key) == typed;
    let latin = region.latin_name.filter(|latin| key(latin) == typed);
    if !local && latin.is_none() {
        return None;
    }
    let name = match (script, region.latin_name) {
        (Some(Script::Latin), Some(latin_name)) => latin_name,
        (None, _) => latin.unwrap_or(region.name),
        _ => region.name,
    };
    Some((region, name))
}

fn comparable(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '\'' | '’' | 'ʼ' | '`'))
        .map(|c| match c {
            '-' | '–' | '.' | ',' | '(' | ')' => ' ',
            'ё' | 'Ё' => 'е',
            other => other,
        })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn without_region_words(comparable: &str) -> String {
    comparable
        .split(' ')
        .filter(|word| !REGION_WORDS.contains(word))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Builds a row of the generated table ("" stands for an absent value to keep it short).
#[allow(clippy::too_many_arguments)]
const fn c(
    code: &'static str,
    fmt: &'static str,
    require: &'static str,
    upper: &'static str,
    zip: &'static str,
    zipex: &'static [&'static str],
    postprefix: &'static str,
    regions: &'static [Region],
) -> CountryRules {
    CountryRules {
        code,
        fmt,
        require,
        upper,
        zip: non_empty(zip),
        zipex,
        postprefix: non_empty(postprefix),
        regions,
    }
}

/// Builds a region of the generated table.
const fn r(
    key: &'static str,
    name: &'static str,
    latin_name: &'static str,
    zip_prefix: &'static str,
) -> Region {
    Region {
        key,
        name,
        latin_name: non_empty(latin_name),
        zip_prefix: non_empty(zip_prefix),
    }
}

const fn non_empty(s: &'static str) -> Option<&'static str> {
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use AddressField::*;
    use AddressProblem::*;

    fn address(
        country: &str,
        street: &str,
        city: &str,
        region: &str,
        postal_code: &str,
    ) -> AddressInput {
        AddressInput {
            country: country.into(),
            street: street.into(),
            city: city.into(),
            region: region.into(),
            postal_code: postal_code.into(),
        }
    }

    fn assert_valid(input: AddressInput) {
        assert_eq!(
            validate(&input),
            Validation::Valid(input.clone()),
            "{input:?}"
        );
    }

    /// The suggestion for `input`, checking that it lists exactly `changes`.
    fn suggestion(input: &AddressInput, changes: &[AddressField]) -> AddressInput {
        match validate(input) {
            Validation::Suggest {
                suggested,
                changes: listed,
                ..
            } => {
                assert_eq!(listed, changes, "{input:?}");
                suggested
            }
            other => panic!("expected a suggestion for {input:?}, got {other:?}"),
        }
    }

    fn problems(input: &AddressInput) -> Vec<AddressProblem> {
        match validate(input) {
            Validation::Invalid(problems) => problems,
            other => panic!("expected {input:?} to be refused, got {other:?}"),
        }
    }

    fn moscow() -> AddressInput {
        address("RU", "УЛ. ТВЕРСКАЯ, Д. 7", "МОСКВА", "Москва", "125009")
    }

    fn yerevan() -> AddressInput {
        address("AM", "Abovyan St 1", "YEREVAN", "Yerevan", "0010")
    }

    #[test]
    fn a_russian_address_written_to_the_standard_is_valid() {
        assert_valid(moscow());
        assert_valid(address(
            "RU",
            "НЕВСКИЙ ПР., 28",
            "САНКТ-ПЕТЕРБУРГ",
            "Санкт-Петербург",
            "191186",
        ));
        // All in Latin letters, as for mail from abroad.
        assert_valid(address(
            "RU",
            "NEVSKY PR., 28",
            "SANKT-PETERBURG",
            "Sankt-Peterburg",
            "191186",
        ));
    }

    #[test]
    fn an_armenian_address_written_to_the_standard_is_valid_in_either_script() {
        assert_valid(yerevan());
        assert_valid(address("AM", "Աբովյան 1", "ԵՐԵՎԱՆ", "Երևան", "0010"));
    }

    #[test]
    fn a_hungarian_address_written_to_the_standard_is_valid() {
        assert_valid(address("HU", "FŐ UTCA 1", "BUDAPEST", "", "1037"));
    }

    #[test]
    fn a_kyrgyz_address_written_to_the_standard_is_valid() {
        assert_valid(address("KG", "Chuy Ave 1", "BISHKEK", "", "720001"));
    }

    #[test]
    fn a_moldovan_address_written_to_the_standard_is_valid() {
        assert_valid(address(
            "MD",
            "Str. Ștefan cel Mare 1",
            "CHIȘINĂU",
            "",
            "2012",
        ));
    }

    #[test]
    fn an_uzbek_address_written_to_the_standard_is_valid() {
        assert_valid(address(
            "UZ",
            "Amir Temur 1",
            "TASHKENT",
            "TASHKENT",
            "700000",
        ));
    }

    #[test]
    fn whitespace_alone_is_tidied_without_asking_the_user() {
        let typed = address(
            " ru ",
            "  УЛ.  ТВЕРСКАЯ,\tД. 7 ",
            " МОСКВА",
            "Москва  ",
            " 125009 ",
        );
        assert_eq!(validate(&typed), Validation::Valid(moscow()));
    }

    #[test]
    fn a_region_in_another_case_is_corrected_in_the_script_it_was_typed_in() {
        let cyrillic = AddressInput {
            region: "москва".into(),
            ..moscow()
        };
        assert_eq!(suggestion(&cyrillic, &[Region]).region, "Москва");
        let latin = AddressInput {
            region: "MOSKVA".into(),
            ..moscow()
        };
        // A Cyrillic city: the region in Cyrillic too, whichever script it was typed in.
        assert_eq!(suggestion(&latin, &[Region]).region, "Москва");
        let all_latin = AddressInput {
            street: "TVERSKAYA UL. 7".into(),
            city: "MOSCOW".into(),
            region: "москва".into(),
            ..moscow()
        };
        assert_eq!(suggestion(&all_latin, &[Region]).region, "Moskva");
        let armenian = AddressInput {
            region: "yerevan".into(),
            ..yerevan()
        };
        assert_eq!(suggestion(&armenian, &[Region]).region, "Yerevan");
    }

    #[test]
    fn a_region_spelled_without_apostrophe_or_hyphen_gets_its_standard_spelling() {
        let input = address(
            "RU",
            "УЛ. ЛЕНИНА, 1",
            "ХИМКИ",
            "Moskovskaya oblast",
            "141400",
        );
        assert_eq!(suggestion(&input, &[Region]).region, "Московская область");
        let input = address(
            "RU",
            "НЕВСКИЙ ПР., 28",
            "САНКТ-ПЕТЕРБУРГ",
            "sankt peterburg",
            "191186",
        );
        assert_eq!(suggestion(&input, &[Region]).region, "Санкт-Петербург");
        let all_latin = address(
            "RU",
            "NEVSKY PR., 28",
            "SANKT-PETERBURG",
            "sankt peterburg",
            "191186",
        );
        assert_eq!(suggestion(&all_latin, &[Region]).region, "Sankt-Peterburg");
    }

    #[test]
    fn a_region_named_with_or_without_its_kind_is_recognised() {
        let input = address("RU", "УЛ. ЛЕНИНА, 1", "ХИМКИ", "Московская обл.", "141400");
        assert_eq!(suggestion(&input, &[Region]).region, "Московская область");
        let input = address("RU", "УЛ. ЛЕНИНА, 1", "КАЗАНЬ", "Татарстан", "420000");
        assert_eq!(suggestion(&input, &[Region]).region, "Республика Татарстан");
        let input = AddressInput {
            region: "Kotayk marz".into(),
            postal_code: "2201".into(),
            ..yerevan()
        };
        assert_eq!(suggestion(&input, &[Region]).region, "Kotayk");
    }

    #[test]
    fn a_region_made_only_of_kind_words_matches_nothing() {
        let input = AddressInput {
            region: "Oblast".into(),
            ..moscow()
        };
        assert_eq!(problems(&input), vec![UnknownRegion]);
    }

    #[test]
    fn a_moldovan_postal_code_is_kept_without_its_prefix_however_typed() {
        for typed in ["2012", "md-2012", "MD 2012", "MD2012", "MD-2012"] {
            let input = address("MD", "Str. Ștefan cel Mare 1", "CHIȘINĂU", "", typed);
            assert_eq!(
                validate(&input),
                Validation::Valid(address(
                    "MD",
                    "Str. Ștefan cel Mare 1",
                    "CHIȘINĂU",
                    "",
                    "2012"
                )),
                "{typed}"
            );
        }
        let swiss = address("CH", "Bahnhofstrasse 1", "Zürich", "", "CH-8001");
        assert_eq!(
            validate(&swiss),
            Validation::Valid(address("CH", "Bahnhofstrasse 1", "Zürich", "", "8001"))
        );
    }

    #[test]
    fn a_postal_code_is_written_with_its_countrys_prefix() {
        let moldovan = address("MD", "Str. Ștefan cel Mare 1", "CHIȘINĂU", "", "2012");
        assert_eq!(moldovan.written_postal_code(), "MD-2012");
        // Stored before the prefix was left out: not written twice.
        let older = address("MD", "Str. Ștefan cel Mare 1", "CHIȘINĂU", "", "MD-2012");
        assert_eq!(older.written_postal_code(), "MD-2012");
        assert_eq!(moscow().written_postal_code(), "125009");
        let none = address("MD", "Str. Ștefan cel Mare 1", "CHIȘINĂU", "", "");
        assert_eq!(none.written_postal_code(), "");
    }

    #[test]
    fn fields_written_in_capitals_there_are_offered_in_capitals() {
        let russian = AddressInput {
            street: "ул. Тверская, д. 7".into(),
            city: "Москва".into(),
            ..moscow()
        };
        let suggested = suggestion(&russian, &[Street, City]);
        assert_eq!(
            (suggested.street.as_str(), suggested.city.as_str()),
            ("УЛ. ТВЕРСКАЯ, Д. 7", "МОСКВА")
        );

        let hungarian = address("HU", "Fő utca 1", "Budapest", "", "1037");
        assert_eq!(suggestion(&hungarian, &[Street, City]).city, "BUDAPEST");
        let uzbek = address("UZ", "Amir Temur 1", "Tashkent", "Tashkent", "700000");
        assert_eq!(suggestion(&uzbek, &[City, Region]).region, "TASHKENT");
        let kyrgyz = address("KG", "Chuy Ave 1", "Bishkek", "", "720001");
        assert_eq!(suggestion(&kyrgyz, &[City]).city, "BISHKEK");
        let moldovan = address("MD", "Str. Ștefan cel Mare 1", "Chișinău", "", "MD-2012");
        assert_eq!(suggestion(&moldovan, &[City]).city, "CHIȘINĂU");
        let armenian = AddressInput {
            city: "Yerevan".into(),
            ..yerevan()
        };
        assert_eq!(suggestion(&armenian, &[City]).city, "YEREVAN");
    }

    #[test]
    fn a_suggestion_keeps_what_was_typed_beside_it() {
        let typed = AddressInput {
            city: " Москва ".into(),
            region: "москва".into(),
            ..moscow()
        };
        assert_eq!(
            validate(&typed),
            Validation::Suggest {
                entered: AddressInput {
                    city: "Москва".into(),
                    region: "москва".into(),
                    ..moscow()
                },
                suggested: moscow(),
                changes: vec![City, Region],
            }
        );
    }

    #[test]
    fn postal_codes_of_the_wrong_format_are_refused_with_an_example() {
        let example = |e: &str| PostalCodeFormat {
            example: Some(e.into()),
        };
        let russian = AddressInput {
            postal_code: "12500".into(),
            ..moscow()
        };
        assert_eq!(problems(&russian), vec![example("247112")]);
        let armenian = AddressInput {
            postal_code: "00100".into(),
            ..yerevan()
        };
        assert_eq!(problems(&armenian), vec![example("375010")]);
        let hungarian = address("HU", "FŐ UTCA 1", "BUDAPEST", "", "H-1037");
        assert_eq!(problems(&hungarian), vec![example("1037")]);
        let kyrgyz = address("KG", "Chuy Ave 1", "BISHKEK", "", "72000");
        assert_eq!(problems(&kyrgyz), vec![example("720001")]);
        let moldovan = address("MD", "Str. Ștefan cel Mare 1", "CHIȘINĂU", "", "RO-2012");
        assert_eq!(problems(&moldovan), vec![example("2012")]);
        let uzbek = address("UZ", "Amir Temur 1", "TASHKENT", "", "7000001");
        assert_eq!(problems(&uzbek), vec![example("702100")]);
    }

    #[test]
    fn a_postal_code_of_another_region_is_refused_naming_the_region_as_typed() {
        let petersburg_code = AddressInput {
            postal_code: "191186".into(),
            ..moscow()
        };
        assert_eq!(
            problems(&petersburg_code),
            vec![PostalCodeNotInRegion {
                region: "Москва".into()
            }]
        );
        let latin = AddressInput {
            region: "moskva".into(),
            ..petersburg_code
        };
        assert_eq!(
            problems(&latin),
            vec![PostalCodeNotInRegion {
                region: "Москва".into()
            }]
        );
        let kotayk_code = AddressInput {
            postal_code: "2201".into(),
            ..yerevan()
        };
        assert_eq!(
            problems(&kotayk_code),
            vec![PostalCodeNotInRegion {
                region: "Yerevan".into()
            }]
        );
    }

    #[test]
    fn an_unknown_region_is_refused_only_where_a_region_is_required() {
        let russian = AddressInput {
            region: "Narnia".into(),
            ..moscow()
        };
        assert_eq!(problems(&russian), vec![UnknownRegion]);
        // Armenia does not require a region, so an unknown one is left as typed.
        assert_valid(AddressInput {
            region: "Narnia".into(),
            ..yerevan()
        });
    }

    #[test]
    fn missing_required_fields_are_all_reported() {
        let russian = AddressInput {
            country: "RU".into(),
            ..Default::default()
        };
        assert_eq!(
            problems(&russian),
            vec![
                Required(Street),
                Required(City),
                Required(Region),
                Required(PostalCode)
            ]
        );
        let hungarian = address("HU", "FŐ UTCA 1", "BUDAPEST", "", "");
        assert_eq!(problems(&hungarian), vec![Required(PostalCode)]);
    }

    #[test]
    fn unknown_or_missing_countries_are_refused() {
        for country in ["XX", "", "RUS", "ZZ"] {
            let input = AddressInput {
                country: country.into(),
                ..moscow()
            };
            assert_eq!(problems(&input), vec![UnknownCountry], "{country}");
        }
    }

    #[test]
    fn elsewhere_only_required_fields_and_the_postal_code_format_are_checked() {
        // French cities are written in capitals, but outside the six countries nothing is offered.
        assert_valid(address("FR", "1 rue de Rivoli", "Paris", "", "75001"));
        assert_valid(address("US", "1 Infinite Loop", "Cupertino", "ca", "95014"));
        assert_valid(address(
            "US",
            "1 Main St",
            "Springfield",
            "VA",
            "22162-1010",
        ));
        assert_valid(address("DE", "Unter den Linden 1", "Berlin", "", "10117"));

        let example = |e: &str| PostalCodeFormat {
            example: Some(e.into()),
        };
        assert_eq!(
            problems(&address("FR", "1 rue de Rivoli", "", "", "7500")),
            vec![Required(City), example("33380")]
        );
        assert_eq!(
            problems(&address("US", "1 Infinite Loop", "Cupertino", "", "9501")),
            vec![Required(Region), example("95014")]
        );
        assert_eq!(
            problems(&address("DE", "", "Berlin", "", "1011")),
            vec![Required(Street), example("26133")]
        );
    }

    #[test]
    fn postal_codes_with_letters_are_accepted_in_any_case_and_kept_in_capitals() {
        let typed = address("GB", "10 Downing St", "London", "", "sw1a 2aa");
        assert_eq!(
            validate(&typed),
            Validation::Valid(AddressInput {
                postal_code: "SW1A 2AA".into(),
                ..typed.clone()
            })
        );
    }

    #[test]
    fn the_data_holds_every_country_sorted_with_regions_where_google_has_them() {
        let codes: Vec<_> = data::COUNTRIES.iter().map(|c| c.code).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        assert!(codes.len() > 240, "{}", codes.len());
        for code in VALIDATED_COUNTRIES {
            assert!(rules(code).is_some(), "{code}");
        }
        assert_eq!(rules("ru").unwrap().regions.len(), 85);
        assert_eq!(rules("AM").unwrap().regions.len(), 11);
        assert_eq!(rules("MD").unwrap().postprefix, Some("MD-"));
        assert!(data::COUNTRIES
            .iter()
            .all(|c| c.regions.is_empty() || VALIDATED_COUNTRIES.contains(&c.code)));
    }

    #[test]
    fn every_pattern_in_the_data_compiles() {
        for country in data::COUNTRIES {
            if let Some(zip) = country.zip {
                assert!(
                    Regex::new(&format!("^(?:{zip})$")).is_ok(),
                    "{}: {zip}",
                    country.code
                );
            }
            for region in country.regions {
                if let Some(prefix) = region.zip_prefix {
                    assert!(
                        Regex::new(&format!("^(?:{prefix})")).is_ok(),
                        "{}: {prefix}",
                        region.key
                    );
                }
            }
        }
    }

    #[test]
    fn the_examples_of_the_six_countries_fit_their_own_pattern() {
        for code in VALIDATED_COUNTRIES {
            let country = rules(code).unwrap();
            for example in country.zipex {
                assert!(
                    check_postal_code(country, example).is_some(),
                    "{code}: {example}"
                );
            }
        }
    }

    #[test]
    fn every_russian_and_armenian_region_is_found_by_each_of_its_names() {
        for code in ["RU", "AM"] {
            let country = rules(code).unwrap();
            for region in country.regions {
                for name in [Some(region.name), Some(region.key), region.latin_name]
                    .into_iter()
                    .flatten()
                {
                    let (found, _) = find_region(country.regions, name, None)
                        .unwrap_or_else(|| panic!("{name}"));
                    assert_eq!(found.key, region.key);
                }
            }
        }
    }

    fn any_country() -> impl Strategy<Value = String> {
        let codes: Vec<String> = data::COUNTRIES.iter().map(|c| c.code.to_owned()).collect();
        prop_oneof![proptest::sample::select(codes), any::<String>()]
    }

    proptest! {
        #[test]
        fn validate_never_panics_on_any_input(
            country in any_country(),
            street in any::<String>(),
            city in any::<String>(),
            region in any::<String>(),
            postal_code in any::<String>(),
        ) {
            let _ = validate(&AddressInput { country, street, city, region, postal_code });
        }

        #[test]
        fn validate_never_panics_on_near_misses_of_the_six(
            country in proptest::sample::select(VALIDATED_COUNTRIES.to_vec()),
            region in "(?i)(moskva|москва|yerevan|kotayk|Երևան)?[ .'\\-]{0,3}(oblast|область|marz|մարզ)?",
            postal_code in "(MD|md)?[- ]?[0-9]{0,7}",
        ) {
            let input = AddressInput {
                country: country.to_owned(),
                street: "A".into(),
                city: "B".into(),
                region,
                postal_code,
            };
            let _ = validate(&input);
        }
    }
}
