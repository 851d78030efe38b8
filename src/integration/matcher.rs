//! Name-based suggestions pairing virtual servers (or KES Cloud workspaces) with Autotask
//! accounts. Names are compared after normalisation: case, accents, punctuation, quotes,
//! "&"/"and", leading articles and legal forms (Ltd, GmbH, ООО, …) do not count, and other
//! scripts are transliterated so "ООО «Лаб»" meets "Lab". Unicode composition and accents are
//! `unicode-normalization`'s, transliteration `any_ascii`'s, word similarity `strsim`'s Dice
//! coefficient of bigrams. Suggestions are one-to-one: a company is never offered to two
//! virtual servers.
//!
//! Candidates come from an inverted index of normalised tokens (and a bigram index of the
//! token vocabulary for typos), so a tenant of 20,000 companies is not compared name by name.

use std::collections::{BTreeMap, HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use crate::autotask::Company;
use crate::kloapi::VServerInfo;

/// Default minimum score of a suggestion.
pub const DEFAULT_THRESHOLD: f32 = 0.75;

/// `companyType` of customers in a default Autotask tenant.
pub const CUSTOMER_TYPE: i64 = 1;

/// Below this bigram similarity two tokens are not considered the same word.
const TOKEN_THRESHOLD: f32 = 0.7;

/// Legal forms dropped at the end of a name (after punctuation is removed, so "S.A." is "sa").
const LEGAL_SUFFIXES: &[&str] = &[
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "gmbh",
    "mbh",
    "ag",
    "kg",
    "ohg",
    "ug",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "oy",
    "ab",
    "as",
    "asa",
    "pty",
    "pte",
    "pvt",
    "kk",
    "sro",
    "kft",
    "zrt",
    "ооо",
    "оао",
    "зао",
    "пао",
    "ао",
    "ип",
    "ooo",
    "oao",
    "zao",
    "pao",
    "ao",
];

/// Forms and articles dropped at the start of a name ("ООО «Лаб»", "The Lab").
const LEADING_FORMS: &[&str] = &[
    "the", "ооо", "оао", "зао", "пао", "ао", "ип", "ooo", "oao", "zao", "pao",
];

/// Words that mean "and".
const AND_WORDS: &[&str] = &["&", "+", "and", "и", "und"];

/// Why a suggestion was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchReason {
    /// The names are the same apart from case and surrounding spaces.
    SameName,
    /// The names are the same once punctuation, "&"/"and", articles and legal forms are ignored.
    SameAfterNormalising,
    /// The names are the same once spelled in Latin letters (Cyrillic transliterated, "ß" as "ss").
    Transliterated,
    /// The names differ only in spacing ("CustomerA" / "Customer A").
    Spacing,
    /// Most words are the same or nearly so.
    Similar,
}

impl std::fmt::Display for MatchReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            MatchReason::SameName => crate::fl!("mapping-reason-same"),
            MatchReason::SameAfterNormalising => crate::fl!("mapping-reason-normalised"),
            MatchReason::Transliterated => crate::fl!("mapping-reason-transliterated"),
            MatchReason::Spacing => crate::fl!("mapping-reason-spacing"),
            MatchReason::Similar => crate::fl!("mapping-reason-similar"),
        })
    }
}

/// A virtual server or workspace to be mapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Stable key: the virtual server's UID (or `id:<n>` without one), or the workspace name.
    pub key: String,
    /// Name shown to the admin and used for matching.
    pub name: String,
}

impl Target {
    /// A target with this key and name.
    pub fn new(key: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            name: name.into(),
        }
    }
}

impl From<&VServerInfo> for Target {
    fn from(v: &VServerInfo) -> Self {
        let key = v
            .uid
            .as_deref()
            .filter(|u| !u.trim().is_empty())
            .map_or_else(|| format!("id:{}", v.id), str::to_string);
        Self {
            key,
            name: v.display_name.clone(),
        }
    }
}

/// An Autotask account as the mapping sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// Autotask company id (what the mapping stores).
    pub id: i64,
    /// Company name.
    pub name: String,
    /// `companyType` picklist value.
    pub company_type: Option<i64>,
    /// `isActive` (a company without the field counts as active).
    pub active: bool,
}

impl Account {
    /// Whether it is an active company of the given customer type.
    pub fn is_active_customer(&self, customer_type: i64) -> bool {
        self.active && self.company_type == Some(customer_type)
    }
}

impl From<&Company> for Account {
    fn from(c: &Company) -> Self {
        Self {
            id: c.id,
            name: c.company_name.clone().unwrap_or_default(),
            company_type: c.company_type,
            active: c.is_active.unwrap_or(true),
        }
    }
}

/// One suggested pair.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// Key of the virtual server ([`Target::key`]).
    pub vserver: String,
    /// Suggested Autotask company id.
    pub company_id: i64,
    /// Similarity, 0–1.
    pub score: f32,
    /// Why.
    pub reason: MatchReason,
}

/// Tuning of [`suggest_with`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MatchOptions {
    /// Minimum score of a suggestion.
    pub threshold: f32,
    /// `companyType` value meaning "customer".
    pub customer_type: i64,
    /// Suggest only active customers (otherwise they are merely preferred).
    pub active_customers_only: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        Self {
            threshold: DEFAULT_THRESHOLD,
            customer_type: CUSTOMER_TYPE,
            active_customers_only: false,
        }
    }
}

/// A name reduced to what identifies it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NormalisedName {
    /// Lowercased trimmed name with spaces collapsed.
    pub plain: String,
    /// Words in the original alphabet (Latin without accents), without punctuation, articles
    /// or legal forms.
    pub tokens: Vec<String>,
    /// The same words in lowercase ASCII letters and digits (what matching compares).
    pub latin: Vec<String>,
    /// The Latin words joined without spaces.
    pub compact: String,
}

/// Takes the accents off Latin letters ("ü" is "u"), leaving letters that are not accented
/// Latin ones ("й", "ß") to [`transliterate`].
fn fold_char(c: char, out: &mut String) {
    // Russian writes ё as е at will, which no Unicode folding says.
    if c == 'ё' {
        out.push('е');
        return;
    }
    let mut parts = std::iter::once(c).nfd();
    match parts.next() {
        Some(base) if base.is_ascii() => out.push(base),
        _ => out.push(c),
    }
}

/// A word in Latin letters: any script spelled out in ASCII ("лаб" is "lab", "straße" is
/// "strasse"), keeping only letters and digits.
fn transliterate(word: &str) -> String {
    any_ascii::any_ascii(word)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Splits a lowercased, folded name into words: apostrophes join ("O'Brien"), dotted
/// abbreviations join ("S.A." is "sa"), "&" and "+" are words of their own, any other
/// punctuation separates.
fn words(folded: &str) -> Vec<String> {
    let mut chunks: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in folded.chars() {
        if c.is_alphanumeric() || c == '.' {
            cur.push(c);
        } else if matches!(c, '\'' | '’' | '`' | '´') {
            // Apostrophes join the parts of one word.
        } else {
            if !cur.is_empty() {
                chunks.push(std::mem::take(&mut cur));
            }
            if c == '&' || c == '+' {
                chunks.push(c.to_string());
            }
        }
    }
    if !cur.is_empty() {
        chunks.push(cur);
    }
    let mut out = Vec::new();
    for chunk in chunks {
        if !chunk.contains('.') {
            out.push(chunk);
            continue;
        }
        let parts: Vec<&str> = chunk.split('.').filter(|p| !p.is_empty()).collect();
        if parts.len() > 1 && parts.iter().all(|p| p.chars().count() <= 2) {
            out.push(parts.concat());
        } else {
            out.extend(parts.into_iter().map(str::to_string));
        }
    }
    out
}

/// Normalises a name for matching (see the module documentation).
pub fn normalise(name: &str) -> NormalisedName {
    // Composed, so a letter typed as base plus combining mark is one letter ("й", not "и").
    let lower = name.nfc().collect::<String>().to_lowercase();
    let plain = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut folded = String::with_capacity(lower.len());
    for c in lower.chars() {
        fold_char(c, &mut folded);
    }
    let all: Vec<String> = words(&folded)
        .into_iter()
        .map(|w| {
            if AND_WORDS.contains(&w.as_str()) {
                "and".to_string()
            } else {
                w
            }
        })
        .collect();
    let is_form =
        |w: &str, list: &[&str]| list.contains(&w) || list.contains(&transliterate(w).as_str());
    let mut start = 0;
    let mut end = all.len();
    // Trailing legal forms, and an "and" left dangling by them ("Smith & Co").
    while end > start && (is_form(&all[end - 1], LEGAL_SUFFIXES) || all[end - 1] == "and") {
        end -= 1;
    }
    while start < end && is_form(&all[start], LEADING_FORMS) {
        start += 1;
    }
    // A name that is nothing but a legal form ("Company Ltd") keeps its words.
    let tokens: Vec<String> = if start < end {
        all[start..end].to_vec()
    } else {
        all
    };
    let latin: Vec<String> = tokens.iter().map(|t| transliterate(t)).collect();
    let compact = latin.concat();
    NormalisedName {
        plain,
        tokens,
        latin,
        compact,
    }
}

/// The padded bigrams of a word, sorted, for the index that finds similar words without
/// comparing the whole vocabulary.
fn bigrams(token: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = std::iter::once('\u{1}')
        .chain(token.chars())
        .chain(std::iter::once('\u{2}'))
        .collect();
    let mut out: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    out.sort_unstable();
    out
}

/// Dice coefficient of the bigrams of two Latin words, padded with start and end marks so the
/// first and last letters weigh as much as the inner ones (as [`bigrams`] pads for the index).
/// The words are ASCII, so strsim's byte lengths are character counts.
fn token_similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    strsim::sorensen_dice(&format!("\u{1}{a}\u{2}"), &format!("\u{1}{b}\u{2}")) as f32
}

/// Word-level Dice similarity: every word counts the same, near-identical words count by
/// their similarity, so "Customer A" and "Customer B" share only half their words.
fn token_score(a: &[String], b: &[String]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut used = vec![false; b.len()];
    let mut total = 0.0;
    for t in a {
        let mut best: Option<(usize, f32)> = None;
        for (j, u) in b.iter().enumerate() {
            if used[j] {
                continue;
            }
            let s = token_similarity(t, u);
            if s >= TOKEN_THRESHOLD && best.is_none_or(|(_, bs)| s > bs) {
                best = Some((j, s));
            }
        }
        if let Some((j, s)) = best {
            used[j] = true;
            total += s;
        }
    }
    2.0 * total / (a.len() + b.len()) as f32
}

/// Similarity of two normalised names, with the reason.
pub fn score_normalised(a: &NormalisedName, b: &NormalisedName) -> (f32, MatchReason) {
    if a.compact.is_empty() || b.compact.is_empty() {
        return (0.0, MatchReason::Similar);
    }
    if a.plain == b.plain {
        return (1.0, MatchReason::SameName);
    }
    if a.tokens == b.tokens {
        return (0.95, MatchReason::SameAfterNormalising);
    }
    if a.latin == b.latin {
        return (0.9, MatchReason::Transliterated);
    }
    if a.compact == b.compact {
        return (0.9, MatchReason::Spacing);
    }
    // Fuzzy matches stay below every exact kind.
    (0.89 * token_score(&a.latin, &b.latin), MatchReason::Similar)
}

/// Similarity of two names, 0–1, with the reason.
pub fn score(a: &str, b: &str) -> (f32, MatchReason) {
    score_normalised(&normalise(a), &normalise(b))
}

/// The companies, normalised and indexed by word, to suggest against many times.
#[derive(Clone, Debug)]
pub struct CompanyIndex {
    accounts: Vec<Account>,
    names: Vec<NormalisedName>,
    /// Each name lowercased, as the picker's search compares it: made once here rather than
    /// for every company at every keystroke.
    lower: Vec<String>,
    /// Latin word → indices of companies holding it.
    by_token: HashMap<String, Vec<usize>>,
    /// Compact name → indices (names that differ only in spacing).
    by_compact: HashMap<String, Vec<usize>>,
    /// Vocabulary (keys of `by_token`) and, per bigram, which vocabulary words hold it.
    vocab: Vec<String>,
    by_bigram: HashMap<(char, char), Vec<usize>>,
}

impl CompanyIndex {
    /// Normalises and indexes the companies.
    pub fn new(accounts: &[Account]) -> Self {
        let names: Vec<NormalisedName> = accounts.iter().map(|a| normalise(&a.name)).collect();
        let mut by_token: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_compact: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            let mut seen = HashSet::new();
            for t in &n.latin {
                if seen.insert(t.as_str()) {
                    by_token.entry(t.clone()).or_default().push(i);
                }
            }
            if !n.compact.is_empty() {
                by_compact.entry(n.compact.clone()).or_default().push(i);
            }
        }
        let vocab: Vec<String> = by_token.keys().cloned().collect();
        let mut by_bigram: HashMap<(char, char), Vec<usize>> = HashMap::new();
        for (v, word) in vocab.iter().enumerate() {
            let mut grams = bigrams(word);
            grams.dedup();
            for g in grams {
                by_bigram.entry(g).or_default().push(v);
            }
        }
        Self {
            accounts: accounts.to_vec(),
            lower: accounts.iter().map(|a| a.name.to_lowercase()).collect(),
            names,
            by_token,
            by_compact,
            vocab,
            by_bigram,
        }
    }

    /// The indexed companies.
    pub fn accounts(&self) -> &[Account] {
        &self.accounts
    }

    /// Vocabulary words similar enough to `token` to count as the same word.
    fn similar_words(&self, token: &str) -> Vec<&str> {
        let mut grams = bigrams(token);
        grams.dedup();
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for g in &grams {
            if let Some(list) = self.by_bigram.get(g) {
                for v in list {
                    *shared.entry(*v).or_default() += 1;
                }
            }
        }
        let own = grams.len();
        shared
            .into_iter()
            .filter(|(v, n)| {
                // Dice needs at least this many shared bigrams; skip the exact computation otherwise.
                let other = self.vocab[*v].chars().count() + 1;
                2.0 * (*n as f32) / ((own + other) as f32) >= TOKEN_THRESHOLD * 0.9
            })
            .map(|(v, _)| self.vocab[v].as_str())
            .filter(|w| token_similarity(token, w) >= TOKEN_THRESHOLD)
            .collect()
    }

    /// Companies worth scoring against a name: sharing the compact form, or sharing enough
    /// (similar) words that the word score could reach `threshold`.
    fn candidates(&self, name: &NormalisedName, threshold: f32) -> Vec<usize> {
        let mut hits: HashMap<usize, usize> = HashMap::new();
        for t in &name.latin {
            let mut once: HashSet<usize> = HashSet::new();
            for w in self.similar_words(t) {
                if let Some(list) = self.by_token.get(w) {
                    once.extend(list.iter().copied());
                }
            }
            for i in once {
                *hits.entry(i).or_default() += 1;
            }
        }
        let own = name.latin.len();
        let mut out: Vec<usize> = hits
            .into_iter()
            .filter(|(i, n)| {
                let other = self.names[*i].latin.len();
                let same_words = *n == own && other == own;
                same_words || 0.89 * 2.0 * (*n as f32) / ((own + other) as f32) >= threshold
            })
            .map(|(i, _)| i)
            .collect();
        if let Some(list) = self.by_compact.get(&name.compact) {
            out.extend(list.iter().copied());
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Companies matching `name` at or above `threshold`, best first: (company id, score, reason).
    pub fn matches(&self, name: &str, threshold: f32) -> Vec<(i64, f32, MatchReason)> {
        let n = normalise(name);
        let mut out: Vec<(i64, f32, MatchReason)> = self
            .candidates(&n, threshold)
            .into_iter()
            .filter_map(|i| {
                let (s, r) = score_normalised(&n, &self.names[i]);
                (s >= threshold).then_some((self.accounts[i].id, s, r))
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The picker's search: companies whose name contains `text` (ignoring case, accents,
    /// punctuation and spacing; Cyrillic also found by its Latin spelling), those starting with
    /// it first, then by name; at most `limit`. Empty text lists everything.
    pub fn search(
        &self,
        text: &str,
        active_customers_of: Option<i64>,
        limit: usize,
    ) -> Vec<&Account> {
        let q = normalise(text);
        let raw = q.plain.as_str();
        let mut hits: Vec<(bool, usize)> = self
            .accounts
            .iter()
            .enumerate()
            .filter(|(_, a)| active_customers_of.is_none_or(|t| a.is_active_customer(t)))
            .filter_map(|(i, _)| {
                let n = &self.names[i];
                let lower = self.lower[i].as_str();
                if q.compact.is_empty() && raw.is_empty() {
                    return Some((true, i));
                }
                let prefix = lower.starts_with(raw)
                    || (!q.compact.is_empty() && n.compact.starts_with(&q.compact));
                let found = prefix
                    || lower.contains(raw)
                    || (!q.compact.is_empty() && n.compact.contains(&q.compact));
                found.then_some((prefix, i))
            })
            .collect();
        let order = |a: &(bool, usize), b: &(bool, usize)| {
            b.0.cmp(&a.0)
                .then_with(|| self.names[a.1].plain.cmp(&self.names[b.1].plain))
                .then(self.accounts[a.1].id.cmp(&self.accounts[b.1].id))
        };
        // A short search matches thousands of companies and only `limit` are shown: pick
        // those before sorting rather than sorting them all.
        if hits.len() > limit && limit > 0 {
            hits.select_nth_unstable_by(limit - 1, order);
            hits.truncate(limit);
        }
        hits.sort_by(order);
        hits.into_iter()
            .take(limit)
            .map(|(_, i)| &self.accounts[i])
            .collect()
    }

    /// One-to-one suggestions for the targets (see [`suggest_with`]).
    pub fn suggest(&self, vservers: &[Target], opts: &MatchOptions) -> Vec<Suggestion> {
        struct Pair {
            rank: f32,
            score: f32,
            reason: MatchReason,
            target: usize,
            company: usize,
        }
        let mut pairs = Vec::new();
        for (t, target) in vservers.iter().enumerate() {
            let n = normalise(&target.name);
            for c in self.candidates(&n, opts.threshold) {
                let acc = &self.accounts[c];
                let customer = acc.is_active_customer(opts.customer_type);
                if opts.active_customers_only && !customer {
                    continue;
                }
                let (score, reason) = score_normalised(&n, &self.names[c]);
                if score < opts.threshold {
                    continue;
                }
                // Preference, not exclusion: an inactive namesake loses to an active customer
                // that matches nearly as well.
                let penalty = if customer {
                    0.0
                } else if acc.active {
                    0.05
                } else {
                    0.15
                };
                pairs.push(Pair {
                    rank: score - penalty,
                    score,
                    reason,
                    target: t,
                    company: c,
                });
            }
        }
        pairs.sort_by(|a, b| {
            b.rank
                .total_cmp(&a.rank)
                .then(b.score.total_cmp(&a.score))
                .then(a.target.cmp(&b.target))
                .then(
                    self.accounts[a.company]
                        .id
                        .cmp(&self.accounts[b.company].id),
                )
        });
        let mut taken_targets = HashSet::new();
        let mut taken_companies = HashSet::new();
        let mut chosen: BTreeMap<usize, Suggestion> = BTreeMap::new();
        for p in pairs {
            let id = self.accounts[p.company].id;
            let key = vservers[p.target].key.as_str();
            if taken_targets.contains(key) || taken_companies.contains(&id) {
                continue;
            }
            taken_targets.insert(key);
            taken_companies.insert(id);
            chosen.insert(
                p.target,
                Suggestion {
                    vserver: key.to_string(),
                    company_id: id,
                    score: p.score,
                    reason: p.reason,
                },
            );
        }
        chosen.into_values().collect()
    }
}

/// One-to-one suggestions with the default options.
pub fn suggest(vservers: &[Target], companies: &[Account]) -> Vec<Suggestion> {
    suggest_with(vservers, companies, &MatchOptions::default())
}

/// One-to-one suggestions: every pair scoring at least `opts.threshold` is ranked (active
/// customers first among equals) and taken greedily, best first, so no company and no virtual
/// server appears twice. The result follows the order of `vservers`.
pub fn suggest_with(
    vservers: &[Target],
    companies: &[Account],
    opts: &MatchOptions,
) -> Vec<Suggestion> {
    CompanyIndex::new(companies).suggest(vservers, opts)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn acc(id: i64, name: &str) -> Account {
        Account {
            id,
            name: name.to_string(),
            company_type: Some(CUSTOMER_TYPE),
            active: true,
        }
    }

    fn t(name: &str) -> Target {
        Target::new(format!("uid-{name}"), name)
    }

    fn matched(a: &str, b: &str) -> bool {
        score(a, b).0 >= DEFAULT_THRESHOLD
    }

    #[test]
    fn normalisation_drops_what_does_not_identify() {
        assert_eq!(normalise("  Customer A Ltd ").tokens, ["customer", "a"]);
        assert_eq!(normalise("Customer B, LLC").tokens, ["customer", "b"]);
        assert_eq!(normalise("customer-b GmbH").tokens, ["customer", "b"]);
        assert_eq!(normalise("Acme S.A.").tokens, ["acme"]);
        assert_eq!(normalise("Acme Co. Ltd.").tokens, ["acme"]);
        assert_eq!(normalise("The Lab").tokens, ["lab"]);
        assert_eq!(normalise("ООО «Лаб»").tokens, ["лаб"]);
        assert_eq!(normalise("ООО «Лаб»").latin, ["lab"]);
        assert_eq!(normalise("ЗАО Ромашка").latin, ["romashka"]);
        assert_eq!(normalise("Smith & Jones").tokens, ["smith", "and", "jones"]);
        assert_eq!(normalise("Smith & Co").tokens, ["smith"]);
        assert_eq!(normalise("O'Brien Dental").tokens, ["obrien", "dental"]);
        assert_eq!(normalise("Müller Bäckerei").tokens, ["muller", "backerei"]);
        assert_eq!(
            normalise("Limited Editions Ltd").tokens,
            ["limited", "editions"]
        );
        // A name made only of a legal form keeps it rather than becoming empty.
        assert_eq!(normalise("Company Ltd").tokens, ["company", "ltd"]);
        // Decomposed input is composed first; Latin loses its accents, other scripts are
        // spelled out only in `latin`.
        assert_eq!(normalise("Cafe\u{301} Майский").tokens, ["cafe", "майский"]);
        assert_eq!(normalise("Cafe\u{301} Майский").latin, ["cafe", "mayskiy"]);
        assert_eq!(normalise("Ёлка Straße").tokens, ["елка", "straße"]);
        assert_eq!(normalise("Ёлка Straße").latin, ["elka", "strasse"]);
        assert_eq!(normalise("Acme™ Ltd").latin, ["acme"]);
        assert!(normalise("").tokens.is_empty());
        assert!(normalise(" ,.;- ").tokens.is_empty());
    }

    #[test]
    fn tolerated_variants_match() {
        for (a, b) in [
            ("Customer A", "CUSTOMER A LIMITED"),
            ("Customer A", "customer a ltd."),
            ("Smith and Jones", "Smith & Jones Inc"),
            ("Smith + Jones", "SMITH AND JONES PLC"),
            ("Lab", "ООО «Лаб»"),
            ("Лаборатория", "Laboratoriya LLC"),
            ("CustomerA", "Customer A"),
            ("Acme", "Acme S.A."),
            ("Acme", "ACME SA"),
            ("Northwind Dental", "Northwind Dentl"),
            ("Ромашка", "АО \"Ромашка\""),
            ("Café Zürich", "Cafe Zurich AG"),
            ("Straße Bau", "Strasse Bau GmbH"),
            ("Αθήνα Travel", "Athina Travel Ltd"),
        ] {
            assert!(matched(a, b), "{a:?} / {b:?}: {:?}", score(a, b));
        }
        assert_eq!(score("Lab", "lab").1, MatchReason::SameName);
        assert_eq!(score("Lab", "The Lab").1, MatchReason::SameAfterNormalising);
        assert_eq!(score("Lab", "ООО «Лаб»").1, MatchReason::Transliterated);
        assert_eq!(score("CustomerA", "Customer A").1, MatchReason::Spacing);
    }

    #[test]
    fn near_misses_do_not_match() {
        for (a, b) in [
            ("Customer A", "Customer B, LLC"),
            ("Customer A", "Customer And Co"),
            ("Lab", "Laboratory Services Inc."),
            ("Lab", "LAB & Partners Inc."),
            ("Northwind Dental", "Northwind Legal"),
            ("Alpha", "Alpha Beta Gamma"),
            ("", ""),
            ("", "Ltd"),
            ("---", "!!!"),
            ("A", "B"),
        ] {
            assert!(!matched(a, b), "{a:?} / {b:?}: {:?}", score(a, b));
        }
    }

    #[test]
    fn odd_and_very_long_names_are_handled() {
        let long = "Very Long Name ".repeat(2_000);
        let (s, _) = score(&long, &long.to_uppercase());
        assert!(s >= 0.95);
        assert!(!matched(&long, "Very"));
        assert!(!matched("\u{0}\u{7}", "\u{0}\u{7}"));
        assert!(matched("😀 Emoji Corp", "😀 emoji"));
        let companies = vec![acc(1, &long), acc(2, ""), acc(3, "   "), acc(4, "Ltd")];
        let s = suggest(&[t(&long), t(""), t("LTD")], &companies);
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0].company_id, 1);
        assert_eq!(s[1].company_id, 4);
    }

    #[test]
    fn one_company_is_never_suggested_twice() {
        let companies = vec![acc(10, "Acme Ltd"), acc(11, "Acme Trading Ltd")];
        let s = suggest(&[t("Acme"), t("ACME"), t("Acme Trading")], &companies);
        let mut ids: Vec<i64> = s.iter().map(|x| x.company_id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), s.len(), "{s:?}");
        // The best pairing: "Acme Trading" takes its exact match, one "Acme" takes Acme Ltd,
        // the other is left without a suggestion rather than sharing.
        assert!(
            s.iter()
                .any(|x| x.vserver == "uid-Acme Trading" && x.company_id == 11)
        );
        assert!(s.iter().any(|x| x.company_id == 10));
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn active_customers_are_preferred() {
        let mut dead = acc(1, "Customer A Limited");
        dead.active = false;
        let mut prospect = acc(2, "Customer A GmbH");
        prospect.company_type = Some(3);
        let customer = acc(3, "customer a, inc.");
        let s = suggest(
            &[t("Customer A")],
            &[dead.clone(), prospect.clone(), customer],
        );
        assert_eq!(s[0].company_id, 3);
        // Without the customer, the active prospect beats the inactive one.
        let s = suggest(&[t("Customer A")], &[dead.clone(), prospect.clone()]);
        assert_eq!(s[0].company_id, 2);
        let only = MatchOptions {
            active_customers_only: true,
            ..MatchOptions::default()
        };
        assert!(suggest_with(&[t("Customer A")], &[dead, prospect], &only).is_empty());
    }

    #[test]
    fn picker_search() {
        let mut dead = acc(4, "Lab Archive Ltd");
        dead.active = false;
        let idx = CompanyIndex::new(&[
            acc(1, "The Lab"),
            acc(2, "Laboratory Services Inc."),
            acc(3, "ООО «Лаб»"),
            dead,
            acc(5, "Customer-B GmbH"),
        ]);
        let ids = |q: &str, only: Option<i64>| {
            idx.search(q, only, 10)
                .iter()
                .map(|a| a.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("lab", None), [4, 2, 1, 3]);
        assert_eq!(ids("LAB", Some(CUSTOMER_TYPE)), [2, 1, 3]);
        // Either alphabet finds both spellings.
        assert_eq!(ids("лаб", None), ids("lab", None));
        assert_eq!(ids("archive", None), [4]);
        assert_eq!(ids("customer b", None), [5]);
        assert_eq!(ids("", None).len(), 5);
        assert!(ids("zzz", None).is_empty());
        assert_eq!(idx.search("", None, 2).len(), 2);
        // A limit keeps the first of the whole order, in that order.
        for limit in 0..5 {
            let all = ids("lab", None);
            let first: Vec<i64> = idx
                .search("lab", None, limit)
                .iter()
                .map(|a| a.id)
                .collect();
            assert_eq!(first, all[..limit.min(all.len())], "limit {limit}");
        }
    }

    #[test]
    fn twenty_thousand_companies_complete() {
        const WORDS: &[&str] = &[
            "Northwind",
            "Riverside",
            "Summit",
            "Oak",
            "Harbor",
            "Dental",
            "Logistics",
            "Legal",
            "Bakery",
            "Pharmacy",
            "Group",
            "Partners",
            "Services",
            "Consulting",
            "Holdings",
        ];
        const FORMS: &[&str] = &["Ltd", "LLC", "Inc.", "GmbH", "ООО", "S.A.", ""];
        let mut x: u64 = 7;
        let mut next = || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (x >> 33) as usize
        };
        let companies: Vec<Account> = (0..20_000)
            .map(|i| {
                let name = format!(
                    "{} {} {} {}",
                    WORDS[next() % WORDS.len()],
                    WORDS[next() % WORDS.len()],
                    i,
                    FORMS[next() % FORMS.len()]
                );
                acc(i64::from(i), &name)
            })
            .collect();
        let targets: Vec<Target> = (0..200)
            .map(|i| {
                let c = &companies[i * 97];
                Target::new(format!("vs{i}"), c.name.to_uppercase())
            })
            .collect();
        let s = suggest(&targets, &companies);
        assert_eq!(s.len(), 200);
        let idx = CompanyIndex::new(&companies);
        let found = idx.search("northwind dental", Some(CUSTOMER_TYPE), 50);
        assert!(!found.is_empty() && found.len() <= 50);
        assert!(
            found
                .iter()
                .all(|a| a.name.to_lowercase().starts_with("northwind dental"))
        );
        for (i, sug) in s.iter().enumerate() {
            assert_eq!(sug.company_id, (i * 97) as i64, "{sug:?}");
        }
    }
}
