//! Reading DATA: a CSV reader for files as people have them (spreadsheet
//! exports included) that reports the file, line and column of every
//! problem, with the value found and what was expected.
//!
//! | header | meaning |
//! |---|---|
//! | `value,count` | histogram: integer values, non-negative whole counts |
//! | `value,probability` | histogram given as probabilities (summing to 1) |
//! | `value,weight` | weighted samples: any values, positive weights (continuous models; `fit::Target::weighted_samples`) |
//! | `count` / `probability` (one column) | histogram on `0, 1, 2, …` (a row's position is its value) |
//! | any other single name | raw samples, one per line; whole-number samples can be binned into counts for discrete models ([`Dataset::target_for`]) |
//!
//! The rules:
//!
//! - **Encoding.** UTF-8. A byte-order mark at the start (spreadsheets write
//!   one) is skipped; UTF-16 and other non-UTF-8 text are refused with the
//!   line of the first bad byte.
//! - **Line ends.** LF, CRLF and CR alone, even mixed. Lines are numbered
//!   from 1 in the file as an editor shows it, header, blank lines and
//!   comments included.
//! - **Blank lines and comments** (lines starting with `#`) are skipped. A
//!   line starting with a spreadsheet error value (`#N/A`, `#DIV/0!`, …) is
//!   data, not a comment. In a one-column file an empty line is blank, not
//!   missing: write `NA` to mark a missing sample.
//! - **Quoting** as in RFC 4180: a field may be enclosed in `"`; inside, a
//!   comma is data and `""` stands for one quote. Header names may be quoted,
//!   and spaces around a field are ignored. Unlike RFC 4180 a quoted field
//!   does not span lines: a quote still open at the end of its line is an
//!   error naming that line.
//! - **Numbers** are decimal with an optional sign and exponent: `3`, `+3`,
//!   `-0.5`, `.5`, `1e5`, `2.5E-3`. A decimal comma (`"1,5"`) is refused with
//!   the number to write instead; `inf`, `infinity` and numbers beyond the
//!   range of a double are refused as not finite.
//! - **Missing values** are an empty field, `NA`, `N/A`, `#N/A`, `NaN` and
//!   `null`, in any case. By default a missing value is an error naming its
//!   line and column. With [`ReadOptions::skip_missing`] (`--skip-missing`)
//!   its row is dropped: the dropped rows are listed on standard error and,
//!   for samples, counted in [`Dataset::describe`]. A dropped row of a
//!   one-column `count`/`probability` file keeps its place, so the following
//!   rows keep their values. A field that is neither a number nor missing is
//!   an error even when skipping.
//! - **Histograms.** Values may come in any order; values missing between
//!   the smallest and the largest have count 0; each value appears once.
//!   Values are whole numbers within ±[`MAX_VALUE`] spanning at most
//!   [`MAX_SPAN`] values; counts are whole numbers up to [`MAX_COUNT`].
//! - **Samples** keep the line each came from ([`Dataset::line_of_sample`]).
//!
//! Reading is linear in the number of rows: duplicate histogram values are
//! found with a hash map from value to first line.

use std::borrow::Cow;
use std::collections::hash_map::{Entry, HashMap};
use std::io::Read;

use crate::error::{Error, Result};

/// The largest histogram span accepted (values max − min + 1).
pub const MAX_SPAN: i64 = 10_000_000;

/// The largest count accepted, 9·10¹⁵: below 2⁵³, so that every count (and
/// the value it is read from) is exact as a double.
pub const MAX_COUNT: u64 = 9_000_000_000_000_000;

/// The largest magnitude of a histogram value (or of a sample binned as a
/// value), 10¹⁵: exact as a double and far from the ends of `i64`.
pub const MAX_VALUE: f64 = 1e15;

/// The words read as a missing value (compared ignoring ASCII case), besides
/// the empty field.
const MISSING: [&str; 5] = ["na", "n/a", "#n/a", "nan", "null"];

/// Spreadsheet error values: a line starting with one is data, not a comment.
const SPREADSHEET_ERRORS: [&str; 7] = [
    "#n/a", "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!",
];

/// How to read a data file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Drop rows with a missing value (and report how many) instead of
    /// refusing the file.
    pub skip_missing: bool,
}

/// What the file holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// Counts on `start, start+1, …`.
    Counts {
        /// The smallest value.
        start: i64,
        /// One count per value.
        counts: Vec<u64>,
    },
    /// Probabilities on `start, start+1, …`.
    Probabilities {
        /// The smallest value.
        start: i64,
        /// One probability per value.
        probs: Vec<f64>,
    },
    /// Raw samples.
    Samples(Samples),
}

/// Raw samples in file order, each with the line it came from. Derefs to
/// the values (`&[f64]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Samples {
    values: Vec<f64>,
    /// Per-sample weights, from a `value,weight` file.
    weights: Option<Vec<f64>>,
    /// `lines[i]` is the file line of `values[i]`; always as long as `values`.
    lines: Vec<usize>,
    /// Rows dropped for a missing value.
    skipped: usize,
}

impl std::ops::Deref for Samples {
    type Target = [f64];

    fn deref(&self) -> &[f64] {
        &self.values
    }
}

impl<'a> IntoIterator for &'a Samples {
    type Item = &'a f64;
    type IntoIter = std::slice::Iter<'a, f64>;

    fn into_iter(self) -> Self::IntoIter {
        self.values.iter()
    }
}

/// Data read from a file, with where they came from.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The path as given (`-` for standard input).
    pub source: String,
    /// The data.
    pub data: Data,
}

/// Whole-number samples binned into a histogram of counts
/// ([`Dataset::as_histogram`]).
#[derive(Debug, Clone)]
pub struct Binned {
    /// The histogram ([`Data::Counts`]), with the samples' source.
    pub dataset: Dataset,
    /// How many samples were binned (the histogram's total count).
    pub samples: usize,
    /// Rows dropped for a missing value while reading.
    pub skipped: usize,
}

impl Binned {
    /// `"histogram of 53 counts on 0..75 (binned from 53 integer samples)"`.
    pub fn describe(&self) -> String {
        let skipped = match self.skipped {
            0 => String::new(),
            k => format!("; {}", skipped_phrase(k)),
        };
        format!(
            "{} (binned from {} integer samples{skipped})",
            self.dataset.describe(),
            self.samples
        )
    }
}

/// Reads `path` (`-`: standard input). Rows dropped under
/// [`ReadOptions::skip_missing`] are listed on standard error.
///
/// # Errors
/// [`Error::Read`] for an unreadable file or one that is not UTF-8 text;
/// as [`parse`] for bad contents.
pub fn read(path: &str, options: ReadOptions) -> Result<Dataset> {
    let text = read_text(path)?;
    let parsed = parse(path, &text, options)?;
    note_skipped(path, &parsed.skipped);
    Ok(Dataset {
        source: path.to_string(),
        data: parsed.data,
    })
}

/// Names on standard error the lines of `path` dropped for a missing
/// value (the first few), if any.
pub fn note_skipped(path: &str, skipped: &[usize]) {
    if skipped.is_empty() {
        return;
    }
    const SHOWN: usize = 5;
    let mut lines: Vec<String> = skipped.iter().take(SHOWN).map(usize::to_string).collect();
    if skipped.len() > SHOWN {
        lines.push("…".into());
    }
    crate::output::stderr(&format!(
        "klfit: note: {path}: {} (line{} {})\n",
        skipped_phrase(skipped.len()),
        if skipped.len() == 1 { "" } else { "s" },
        lines.join(", ")
    ));
}

/// `"3 rows with missing values skipped"`.
fn skipped_phrase(k: usize) -> String {
    if k == 1 {
        "1 row with a missing value skipped".into()
    } else {
        format!("{k} rows with missing values skipped")
    }
}

/// The bytes as UTF-8 text, or an error naming the line of the first bad byte.
fn decode(path: &str, bytes: Vec<u8>) -> Result<String> {
    let invalid = |message: String| Error::Read {
        path: path.to_string(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, message),
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(invalid(
            "the file is UTF-16 text; save it as CSV UTF-8".into(),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        // The prefix is valid UTF-8; the bad byte is on its last line.
        let line = Lines::new(std::str::from_utf8(&bytes[..at]).unwrap_or_default()).count();
        invalid(format!(
            "line {line} is not UTF-8 text (byte 0x{:02X}); save the file as CSV UTF-8",
            bytes[at]
        ))
    })
}

/// The lines of a text with their 1-based numbers; a line ends at LF, CRLF
/// or CR.
struct Lines<'a> {
    rest: Option<&'a str>,
    number: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            rest: Some(text),
            number: 0,
        }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let rest = self.rest?;
        self.number += 1;
        match rest.find(['\n', '\r']) {
            Some(i) => {
                let end = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                self.rest = Some(&rest[i + end..]);
                Some((self.number, &rest[..i]))
            }
            None => {
                self.rest = None;
                Some((self.number, rest))
            }
        }
    }
}

/// A blank line or a `#` comment (but not a spreadsheet error value).
fn skipped_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return true;
    }
    t.starts_with('#')
        && !SPREADSHEET_ERRORS
            .iter()
            .any(|e| t.get(..e.len()).is_some_and(|s| s.eq_ignore_ascii_case(e)))
}

/// One field with its position.
struct Field<'a> {
    /// The text, unquoted and trimmed.
    text: Cow<'a, str>,
    /// 1-based field number.
    column: usize,
}

/// Splits one line into fields (RFC 4180 quoting, within the line).
fn split_fields<'a>(path: &str, line_no: usize, line: &'a str) -> Result<Vec<Field<'a>>> {
    let err = |column, reason: &str| Error::Csv {
        path: path.to_string(),
        line: line_no,
        column,
        reason: reason.to_string(),
    };
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        let column = fields.len() + 1;
        let t = rest.trim_start();
        let Some(body) = t.strip_prefix('"') else {
            let (text, next) = match t.find(',') {
                Some(j) => (&t[..j], Some(&t[j + 1..])),
                None => (t, None),
            };
            fields.push(Field {
                text: Cow::Borrowed(text.trim()),
                column,
            });
            match next {
                Some(n) => {
                    rest = n;
                    continue;
                }
                None => return Ok(fields),
            }
        };
        // Inside quotes: `""` is one quote, a lone `"` closes the field.
        let mut owned: Option<String> = None;
        let mut from = 0;
        let (text, after) = loop {
            let Some(j) = body[from..].find('"') else {
                return Err(err(
                    column,
                    "unterminated quote: the field's opening \" has no closing \" on this line",
                ));
            };
            let k = from + j;
            if body[k + 1..].starts_with('"') {
                owned
                    .get_or_insert_with(String::new)
                    .push_str(&body[from..=k]);
                from = k + 2;
            } else {
                let text = match owned.take() {
                    Some(mut s) => {
                        s.push_str(&body[from..k]);
                        Cow::Owned(s.trim().to_string())
                    }
                    None => Cow::Borrowed(body[..k].trim()),
                };
                break (text, body[k + 1..].trim_start());
            }
        };
        fields.push(Field { text, column });
        if after.is_empty() {
            return Ok(fields);
        }
        match after.strip_prefix(',') {
            Some(n) => rest = n,
            None => {
                return Err(err(
                    column,
                    "text after a closing quote (a quote inside a quoted field is written \"\")",
                ))
            }
        }
    }
}

/// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`: the numbers
/// people write, without the words (`inf`, `nan`) that Rust's parser also
/// accepts. The value may be infinite (`1e400`).
fn decimal(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let mut n = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        n += digits(&mut i);
    }
    if n == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i == b.len() {
        t.parse().ok()
    } else {
        None
    }
}

/// `1,5`, `-12,25`: a number written with a decimal comma.
fn decimal_comma(t: &str) -> bool {
    let u = t.strip_prefix(['+', '-']).unwrap_or(t);
    match u.split_once(',') {
        Some((a, b)) => {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

fn is_missing(t: &str) -> bool {
    t.is_empty() || MISSING.iter().any(|m| t.eq_ignore_ascii_case(m))
}

fn is_infinity(t: &str) -> bool {
    let u = t.strip_prefix(['+', '-']).unwrap_or(t);
    u.eq_ignore_ascii_case("inf") || u.eq_ignore_ascii_case("infinity")
}

/// A position in the file, for errors.
struct At<'a> {
    path: &'a str,
    line: usize,
}

impl At<'_> {
    /// The numbers of a row's `fields` into `out` (cleared first; a missing
    /// field reads as NaN there). `Ok(false)` when a field is missing and
    /// [`ReadOptions::skip_missing`] drops the row.
    ///
    /// # Errors
    /// [`Error::MissingValue`] for a missing field otherwise; as
    /// [`At::number`].
    fn numbers(
        &self,
        fields: &[Field<'_>],
        expected: impl Fn(usize) -> &'static str,
        options: ReadOptions,
        out: &mut Vec<f64>,
    ) -> Result<bool> {
        out.clear();
        let mut complete = true;
        for f in fields {
            match self.number(f, expected(f.column))? {
                Some(v) => out.push(v),
                None if options.skip_missing => {
                    complete = false;
                    out.push(f64::NAN);
                }
                None => {
                    return Err(Error::MissingValue {
                        path: self.path.to_string(),
                        line: self.line,
                        column: f.column,
                        value: f.text.to_string(),
                    })
                }
            }
        }
        Ok(complete)
    }

    fn csv(&self, column: usize, reason: String) -> Error {
        Error::Csv {
            path: self.path.to_string(),
            line: self.line,
            column,
            reason,
        }
    }

    /// The field as a finite number, `None` if it is a missing value.
    fn number(&self, f: &Field, expected: &str) -> Result<Option<f64>> {
        let t = f.text.as_ref();
        if is_missing(t) {
            return Ok(None);
        }
        let reason = match decimal(t) {
            Some(v) if v.is_finite() => return Ok(Some(v)),
            Some(_) => format!("{t} is not a finite number (beyond the range of a double)"),
            None if is_infinity(t) => format!("{t} is not a finite number; expected {expected}"),
            None if decimal_comma(t) => format!(
                "{t:?} is not a number (decimal commas are not supported; write {})",
                t.replace(',', ".")
            ),
            None if SPREADSHEET_ERRORS.iter().any(|e| t.eq_ignore_ascii_case(e)) => {
                format!("{t:?} is a spreadsheet error, not a number; expected {expected}")
            }
            None if t.contains([';', '\t']) => format!(
                "{t:?} is not a number; expected {expected} (fields are separated by commas, \
                 this line seems to use {})",
                if t.contains(';') {
                    "semicolons"
                } else {
                    "tabs"
                }
            ),
            None => format!("{t:?} is not a number; expected {expected}"),
        };
        Err(self.csv(f.column, reason))
    }

    /// A histogram value: a whole number within ±[`MAX_VALUE`].
    fn value(&self, f: &Field, v: f64) -> Result<i64> {
        if v.fract() != 0.0 {
            return Err(self.csv(
                f.column,
                format!(
                    "value {} is not a whole number (histogram values are integers)",
                    f.text
                ),
            ));
        }
        if v.abs() > MAX_VALUE {
            return Err(self.csv(
                f.column,
                format!(
                    "value {} is outside the supported range of histogram values, ±{MAX_VALUE:e}",
                    f.text
                ),
            ));
        }
        Ok(v as i64)
    }

    /// A count: a whole number in `0..=MAX_COUNT`.
    fn count(&self, f: &Field, c: f64) -> Result<u64> {
        let value = || f.text.to_string();
        if c < 0.0 {
            return Err(Error::NegativeCount {
                path: self.path.to_string(),
                line: self.line,
                column: f.column,
                value: value(),
            });
        }
        if c > MAX_COUNT as f64 {
            return Err(Error::CountTooLarge {
                path: self.path.to_string(),
                line: self.line,
                column: f.column,
                value: value(),
                max: MAX_COUNT,
            });
        }
        if c.fract() != 0.0 {
            return Err(Error::NonIntegerCount {
                path: self.path.to_string(),
                line: self.line,
                column: f.column,
                value: value(),
            });
        }
        Ok(c as u64)
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Counts { value_col: bool },
    Probabilities { value_col: bool },
    Samples,
    Weighted,
}

impl Kind {
    /// What belongs in field `column` (1-based), for error messages.
    fn expected(self, column: usize) -> &'static str {
        match self {
            Kind::Samples | Kind::Weighted if column == 1 => "a number such as 2.5 or 1e-3",
            Kind::Weighted => "a positive weight such as 1 or 0.25",
            Kind::Samples => "a number such as 2.5 or 1e-3",
            Kind::Counts { value_col: true } | Kind::Probabilities { value_col: true }
                if column == 1 =>
            {
                "a whole number (the value)"
            }
            Kind::Counts { .. } => "a whole-number count",
            Kind::Probabilities { .. } => "a probability",
        }
    }
}

/// Parsed data and the lines of the rows dropped for missing values.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The data.
    pub data: Data,
    /// The file lines of the rows dropped under
    /// [`ReadOptions::skip_missing`], in order.
    pub skipped: Vec<usize>,
}

/// Parses CSV text (see the module docs for the accepted shapes and rules).
///
/// # Errors
/// [`Error::Csv`] for a malformed line, header or number,
/// [`Error::MissingValue`] for a missing value (unless
/// [`ReadOptions::skip_missing`]), [`Error::NegativeCount`],
/// [`Error::NonIntegerCount`], [`Error::CountTooLarge`] for bad counts,
/// [`Error::EmptyData`] for no data and [`Error::Unsupported`] for a
/// histogram spanning more than [`MAX_SPAN`] values. Never panics.
pub fn parse(path: &str, text: &str, options: ReadOptions) -> Result<Parsed> {
    let csv = |line, column, reason: String| Error::Csv {
        path: path.to_string(),
        line,
        column,
        reason,
    };
    let (hline, header, rows) = header_and_rows(path, text, "value,count or a single name")?;
    if let Some(f) = header.iter().find(|f| f.text.is_empty()) {
        return Err(csv(
            hline,
            f.column,
            "empty column name in the header".into(),
        ));
    }
    let names: Vec<String> = header.iter().map(|f| f.text.to_ascii_lowercase()).collect();
    let kind = match names.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["value", "count"] => Kind::Counts { value_col: true },
        ["value", "weight"] => Kind::Weighted,
        ["value", "probability"] => Kind::Probabilities { value_col: true },
        ["count"] => Kind::Counts { value_col: false },
        ["probability"] => Kind::Probabilities { value_col: false },
        [_] => Kind::Samples,
        _ => {
            return Err(csv(
                hline,
                names.len().min(3),
                format!(
                    "header {:?}: expected value,count, value,probability, value,weight or a single column",
                    names.join(",")
                ),
            ))
        }
    };
    let width = names.len();
    let mut skipped = Vec::new();
    let mut first_line: HashMap<i64, usize> = HashMap::new();
    let mut values: Vec<i64> = Vec::new();
    let mut counts = Vec::new();
    let mut probs = Vec::new();
    let mut samples = Vec::new();
    let mut weights = Vec::new();
    let mut sample_lines = Vec::new();
    let mut nums = Vec::with_capacity(2);
    // A row's position is its value in a one-column histogram; a dropped row
    // keeps its place.
    for (position, (line, l)) in (0i64..).zip(rows) {
        let fields = split_fields(path, line, l)?;
        if fields.len() != width {
            let column = (fields.len().min(width) + 1).min(fields.len());
            let mut reason = format!("expected {width} field(s), found {}", fields.len());
            if width == 1 && fields.len() == 2 {
                let joined = format!("{},{}", fields[0].text, fields[1].text);
                if decimal_comma(&joined) {
                    reason.push_str(&format!(
                        " (decimal commas are not supported; write {})",
                        joined.replace(',', ".")
                    ));
                }
            }
            return Err(csv(line, column, reason));
        }
        let at = At { path, line };
        if !at.numbers(&fields, |c| kind.expected(c), options, &mut nums)? {
            skipped.push(line);
            continue;
        }
        let (value_col, is_counts) = match kind {
            Kind::Samples => {
                samples.push(nums[0]);
                sample_lines.push(line);
                continue;
            }
            Kind::Weighted => {
                let w = nums[1];
                if !(w > 0.0 && w.is_finite()) {
                    return Err(csv(
                        line,
                        fields[1].column,
                        format!(
                            "weight {} is not positive: weights are positive numbers",
                            fields[1].text
                        ),
                    ));
                }
                samples.push(nums[0]);
                weights.push(w);
                sample_lines.push(line);
                continue;
            }
            Kind::Counts { value_col } => (value_col, true),
            Kind::Probabilities { value_col } => (value_col, false),
        };
        let value = if value_col {
            at.value(&fields[0], nums[0])?
        } else {
            position
        };
        match first_line.entry(value) {
            Entry::Occupied(e) => {
                return Err(csv(
                    line,
                    1,
                    format!("value {value} appears twice (first on line {})", e.get()),
                ))
            }
            Entry::Vacant(e) => {
                e.insert(line);
            }
        }
        values.push(value);
        let (f, x) = (&fields[width - 1], nums[width - 1]);
        if is_counts {
            counts.push(at.count(f, x)?);
        } else {
            if x < 0.0 {
                return Err(csv(
                    line,
                    f.column,
                    format!("probability {} is negative", f.text),
                ));
            }
            probs.push(x);
        }
    }
    let empty = |reason| Error::EmptyData {
        path: path.to_string(),
        reason,
    };
    let no_rows = |what| {
        if skipped.is_empty() {
            empty(what)
        } else {
            empty("every row has a missing value")
        }
    };
    if matches!(kind, Kind::Samples | Kind::Weighted) {
        if samples.is_empty() {
            return Err(no_rows("a header but no samples"));
        }
        let skipped_count = skipped.len();
        return Ok(Parsed {
            data: Data::Samples(Samples {
                values: samples,
                weights: matches!(kind, Kind::Weighted).then_some(weights),
                lines: sample_lines,
                skipped: skipped_count,
            }),
            skipped,
        });
    }
    if values.is_empty() {
        return Err(no_rows("a header but no rows"));
    }
    let lo = values.iter().copied().min().unwrap_or(0);
    let hi = values.iter().copied().max().unwrap_or(0);
    if hi.saturating_sub(lo) >= MAX_SPAN {
        return Err(Error::Unsupported(format!(
            "{path}: histogram values span {lo}..{hi}, more than {MAX_SPAN} values"
        )));
    }
    let len = (hi - lo + 1) as usize;
    let data = if let Kind::Counts { .. } = kind {
        if counts.iter().all(|&c| c == 0) {
            return Err(empty("all counts are zero"));
        }
        let mut dense = vec![0u64; len];
        for (v, c) in values.iter().zip(counts) {
            dense[(v - lo) as usize] = c;
        }
        Data::Counts {
            start: lo,
            counts: dense,
        }
    } else {
        let mut dense = vec![0.0; len];
        for (v, p) in values.iter().zip(probs) {
            dense[(v - lo) as usize] = p;
        }
        Data::Probabilities {
            start: lo,
            probs: dense,
        }
    };
    Ok(Parsed { data, skipped })
}

/// The header line of `text` (after a byte-order mark, blank lines and
/// comments), its fields, and the data rows after it; `names` says what
/// column names belong in an error about a header that is a number.
///
/// # Errors
/// [`Error::EmptyData`] for no header; [`Error::Csv`] for a header field
/// that is a number (the header is missing) or badly quoted.
fn header_and_rows<'t>(
    path: &str,
    text: &'t str,
    names: &str,
) -> Result<(
    usize,
    Vec<Field<'t>>,
    impl Iterator<Item = (usize, &'t str)>,
)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Lines::new(text).filter(|(_, l)| !skipped_line(l));
    let Some((hline, header)) = rows.next() else {
        return Err(Error::EmptyData {
            path: path.to_string(),
            reason: "the file is empty",
        });
    };
    let header = split_fields(path, hline, header)?;
    if let Some(f) = header.iter().find(|f| decimal(&f.text).is_some()) {
        return Err(Error::Csv {
            path: path.to_string(),
            line: hline,
            column: f.column,
            reason: format!(
                "missing header: found the number {} where a column name ({names}) belongs",
                f.text
            ),
        });
    }
    Ok((hline, header, rows))
}

/// Sample points in `d` dimensions: a CSV whose columns are the
/// coordinates (one column: 1-D samples), for `klfit kl A.csv B.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Points {
    /// The column names, one per dimension.
    pub names: Vec<String>,
    /// The coordinates, row-major (`rows × names.len()`).
    pub values: Vec<f64>,
    /// The file lines of the rows dropped for a missing value.
    pub skipped: Vec<usize>,
    /// `lines[i]` is the file line of point `i`.
    pub lines: Vec<usize>,
}

impl Points {
    /// The number of points.
    pub fn rows(&self) -> usize {
        self.values.len() / self.names.len().max(1)
    }
}

/// Reads `path` as points (see [`Points`]): a header of column names, then
/// one point per row, every field a number. The rules of [`parse`] apply
/// (comments, quoting, line ends, missing values).
///
/// # Errors
/// As [`read`]; [`Error::Csv`] naming line and column of a field that is
/// not a number or a row of the wrong width; [`Error::EmptyData`] for no
/// rows.
pub fn read_points(path: &str, options: ReadOptions) -> Result<Points> {
    parse_points(path, &read_text(path)?, options)
}

/// The text of `path` (`-`: standard input), decoded as UTF-8.
///
/// # Errors
/// [`Error::Read`] for an unreadable file or one that is not UTF-8 text.
pub fn read_text(path: &str) -> Result<String> {
    let mut bytes = Vec::new();
    let res = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    res.map_err(|source| Error::Read {
        path: path.to_string(),
        source,
    })?;
    decode(path, bytes)
}

/// Whether the header of `text` announces a histogram (`value,count`,
/// `value,probability`, `count` or `probability`) rather than samples.
pub fn has_histogram_header(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some((line, header)) = Lines::new(text).find(|(_, l)| !skipped_line(l)) else {
        return false;
    };
    let Ok(fields) = split_fields("", line, header) else {
        return false;
    };
    let names: Vec<String> = fields.iter().map(|f| f.text.to_ascii_lowercase()).collect();
    matches!(
        names.iter().map(String::as_str).collect::<Vec<_>>()[..],
        ["value", "count"] | ["value", "probability"] | ["count"] | ["probability"]
    )
}

/// [`read_points`] on text already read.
///
/// # Errors
/// See [`read_points`].
pub fn parse_points(path: &str, text: &str, options: ReadOptions) -> Result<Points> {
    let csv = |line, column, reason: String| Error::Csv {
        path: path.to_string(),
        line,
        column,
        reason,
    };
    let (_, header, rows) = header_and_rows(path, text, "one per dimension")?;
    let names: Vec<String> = header.iter().map(|f| f.text.to_string()).collect();
    let width = names.len();
    let mut values = Vec::new();
    let mut skipped = Vec::new();
    let mut lines = Vec::new();
    let mut row = Vec::with_capacity(width);
    for (line, l) in rows {
        let fields = split_fields(path, line, l)?;
        if fields.len() != width {
            return Err(csv(
                line,
                (fields.len().min(width) + 1).min(fields.len()),
                format!(
                    "expected {width} field(s) (one per column of the header), found {}",
                    fields.len()
                ),
            ));
        }
        let at = At { path, line };
        if !at.numbers(
            &fields,
            |_| "a number such as 2.5 or 1e-3",
            options,
            &mut row,
        )? {
            skipped.push(line);
        } else {
            values.extend_from_slice(&row);
            lines.push(line);
        }
    }
    if values.is_empty() {
        return Err(Error::EmptyData {
            path: path.to_string(),
            reason: "a header but no points",
        });
    }
    Ok(Points {
        names,
        values,
        skipped,
        lines,
    })
}

/// Whole-number samples as counts on `start, start+1, …`.
fn integer_counts(path: &str, xs: &Samples) -> Result<(i64, Vec<u64>)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for (&x, &line) in xs.values.iter().zip(&xs.lines) {
        if x.fract() != 0.0 {
            return Err(Error::NonIntegerSample {
                path: path.to_string(),
                line,
                value: x,
            });
        }
        if x.abs() > MAX_VALUE {
            return Err(Error::Csv {
                path: path.to_string(),
                line,
                column: 1,
                reason: format!(
                    "sample {x} is outside the supported range of counted values, ±{MAX_VALUE:e}"
                ),
            });
        }
        lo = lo.min(x);
        hi = hi.max(x);
    }
    if xs.values.is_empty() {
        return Err(Error::EmptyData {
            path: path.to_string(),
            reason: "a header but no samples",
        });
    }
    let (lo, hi) = (lo as i64, hi as i64);
    if hi - lo >= MAX_SPAN {
        return Err(Error::Unsupported(format!(
            "{path}: integer samples span {lo}..{hi}, more than {MAX_SPAN} values"
        )));
    }
    let mut counts = vec![0u64; (hi - lo + 1) as usize];
    for &x in &xs.values {
        counts[(x as i64 - lo) as usize] += 1;
    }
    Ok((lo, counts))
}

impl Dataset {
    /// The fitting target: counts, probabilities or samples as read.
    ///
    /// # Errors
    /// [`Error::Fit`] if the engine rejects the data (probabilities that do
    /// not sum to 1, for instance).
    pub fn target(&self) -> Result<fit::Target> {
        let wrap = |source| Error::Fit {
            model: self.source.clone(),
            source,
        };
        match &self.data {
            Data::Counts { start, counts } => {
                fit::Target::from_counts_at(*start, counts).map_err(wrap)
            }
            Data::Probabilities { start: 0, probs } => {
                fit::Target::from_probabilities(probs).map_err(wrap)
            }
            Data::Probabilities { .. } => Err(Error::Unsupported(format!(
                "{}: a histogram of probabilities must start at value 0 for fitting (use counts)",
                self.source
            ))),
            Data::Samples(xs) => match &xs.weights {
                None => fit::Target::samples(&xs[..]).map_err(wrap),
                Some(w) => fit::Target::weighted_samples(&xs[..], &w[..]).map_err(wrap),
            },
        }
    }

    /// The fitting target for a discrete (`discrete = true`) or continuous
    /// model. For a discrete model, samples are binned into counts on their
    /// integer values (a column of counts `0, 3, 1, 0, 12, …` as count data
    /// usually arrive); otherwise as [`Dataset::target`].
    ///
    /// # Errors
    /// For a discrete model on samples, [`Error::NonIntegerSample`] naming
    /// the line of the first sample that is not a whole number,
    /// [`Error::Csv`] for one beyond ±[`MAX_VALUE`] and
    /// [`Error::Unsupported`] for samples spanning more than [`MAX_SPAN`]
    /// values; otherwise as [`Dataset::target`].
    pub fn target_for(&self, discrete: bool) -> Result<fit::Target> {
        match &self.data {
            Data::Samples(xs) if discrete && xs.weights.is_some() => Err(Error::Unsupported(format!(
                "{}: weighted samples are fitted by continuous models; for a discrete model give value,count with whole counts",
                self.source
            ))),
            Data::Samples(xs) if discrete => {
                let (start, counts) = integer_counts(&self.source, xs)?;
                fit::Target::from_counts_at(start, &counts).map_err(|source| Error::Fit {
                    model: self.source.clone(),
                    source,
                })
            }
            _ => self.target(),
        }
    }

    /// Whole-number samples as the histogram a discrete model is fitted to
    /// (see [`Dataset::target_for`]), to describe and plot them as one.
    /// `None` for data that are already a histogram, and for samples that
    /// cannot be binned (`target_for(true)` says why).
    pub fn as_histogram(&self) -> Option<Binned> {
        let Data::Samples(xs) = &self.data else {
            return None;
        };
        if xs.weights.is_some() {
            return None;
        }
        let (start, counts) = integer_counts(&self.source, xs).ok()?;
        Some(Binned {
            dataset: Dataset {
                source: self.source.clone(),
                data: Data::Counts { start, counts },
            },
            samples: xs.len(),
            skipped: xs.skipped,
        })
    }

    /// The file line of sample `index` (0-based, in file order), so that a
    /// model can say which line holds a value outside its support. `None`
    /// for histograms and for an index past the end.
    pub fn line_of_sample(&self, index: usize) -> Option<usize> {
        match &self.data {
            Data::Samples(xs) => xs.lines.get(index).copied(),
            _ => None,
        }
    }

    /// The integer support `(min, max)` of a histogram.
    pub fn support(&self) -> Option<(i64, i64)> {
        match &self.data {
            Data::Counts { start, counts } => Some((*start, *start + counts.len() as i64 - 1)),
            Data::Probabilities { start, probs } => Some((*start, *start + probs.len() as i64 - 1)),
            Data::Samples(_) => None,
        }
    }

    /// The histogram's probabilities (counts divided by their total).
    ///
    /// # Errors
    /// [`Error::Divergence`] for probabilities that do not sum to 1.
    pub fn probabilities(&self) -> Result<Option<Vec<f64>>> {
        let wrap = |source| Error::Divergence {
            context: self.source.clone(),
            source,
        };
        match &self.data {
            Data::Counts { counts, .. } => divergence::from_counts(counts).map(Some).map_err(wrap),
            Data::Probabilities { probs, .. } => {
                divergence::entropy(probs).map_err(wrap)?;
                Ok(Some(probs.clone()))
            }
            Data::Samples(_) => Ok(None),
        }
    }

    /// A short description: `"histogram of 100 counts on 0..10"`,
    /// `"272 samples (3 rows with missing values skipped)"`.
    pub fn describe(&self) -> String {
        match &self.data {
            Data::Counts { counts, .. } => {
                let (a, b) = self.support().unwrap_or_default();
                format!(
                    "histogram of {} counts on {a}..{b}",
                    counts.iter().map(|&c| u128::from(c)).sum::<u128>()
                )
            }
            Data::Probabilities { .. } => {
                let (a, b) = self.support().unwrap_or_default();
                format!("histogram of probabilities on {a}..{b}")
            }
            Data::Samples(xs) => {
                let what = match &xs.weights {
                    None => format!("{} samples", xs.len()),
                    Some(w) => format!(
                        "{} weighted samples (total weight {})",
                        xs.len(),
                        w.iter().sum::<f64>()
                    ),
                };
                match xs.skipped {
                    0 => what,
                    k => format!("{what} ({})", skipped_phrase(k)),
                }
            }
        }
    }

    /// A 64-bit FNV-1a fingerprint of the parsed data, so that shard files
    /// can be checked to come from the same data.
    pub fn fingerprint(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &b in bytes {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        };
        match &self.data {
            Data::Counts { start, counts } => {
                eat(b"counts");
                eat(&start.to_le_bytes());
                counts.iter().for_each(|c| eat(&c.to_le_bytes()));
            }
            Data::Probabilities { start, probs } => {
                eat(b"probabilities");
                eat(&start.to_le_bytes());
                probs.iter().for_each(|p| eat(&p.to_bits().to_le_bytes()));
            }
            Data::Samples(xs) => {
                eat(b"samples");
                xs.iter().for_each(|x| eat(&x.to_bits().to_le_bytes()));
                if let Some(w) = &xs.weights {
                    eat(b"weights");
                    w.iter().for_each(|x| eat(&x.to_bits().to_le_bytes()));
                }
            }
        }
        format!("fnv1a64:{h:016x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SKIP: ReadOptions = ReadOptions { skip_missing: true };

    fn data(text: &str) -> Result<Data> {
        parse("t.csv", text, ReadOptions::default()).map(|p| p.data)
    }

    fn dataset(text: &str, options: ReadOptions) -> Dataset {
        Dataset {
            source: "t.csv".into(),
            data: parse("t.csv", text, options).unwrap().data,
        }
    }

    fn counts(start: i64, counts: &[u64]) -> Data {
        Data::Counts {
            start,
            counts: counts.to_vec(),
        }
    }

    /// The values and lines of a samples file.
    fn samples(text: &str, options: ReadOptions) -> (Vec<f64>, Vec<usize>) {
        match parse("t.csv", text, options).map(|p| p.data) {
            Ok(Data::Samples(s)) => (s.values, s.lines),
            other => panic!("{text:?}: {other:?}"),
        }
    }

    fn csv_err(text: &str) -> (usize, usize) {
        match data(text) {
            Err(Error::Csv { line, column, .. })
            | Err(Error::MissingValue { line, column, .. })
            | Err(Error::NegativeCount { line, column, .. })
            | Err(Error::NonIntegerCount { line, column, .. })
            | Err(Error::CountTooLarge { line, column, .. }) => (line, column),
            other => panic!("{text:?}: {other:?}"),
        }
    }

    /// The reason of an [`Error::Csv`] at `(line, column)`.
    #[track_caller]
    fn reason(text: &str, at: (usize, usize)) -> String {
        match data(text) {
            Err(Error::Csv {
                line,
                column,
                reason,
                ..
            }) if (line, column) == at => reason,
            other => panic!("{text:?}: expected a CSV error at {at:?}, got {other:?}"),
        }
    }

    #[test]
    fn reads_the_worms() {
        let text = include_str!("../data/worms.csv");
        assert_eq!(
            data(text).unwrap(),
            counts(0, &[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])
        );
    }

    #[test]
    fn gaps_order_comments_and_crlf() {
        assert_eq!(
            data("# worms\r\nvalue,count\r\n3,1\r\n\r\n1,2\n").unwrap(),
            counts(1, &[2, 0, 1])
        );
        assert_eq!(
            samples("x\n1.5\n-2\n", ReadOptions::default()),
            (vec![1.5, -2.0], vec![2, 3])
        );
        assert_eq!(
            data("\"value\",\"count\"\n\"0\",\"4\"\n").unwrap(),
            counts(0, &[4])
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert_eq!(
            data("\u{feff}value,count\n0,1\n2,3\n").unwrap(),
            counts(0, &[1, 0, 3])
        );
        assert_eq!(
            samples("\u{feff}\"number\"\r\n3\r\n", ReadOptions::default()),
            (vec![3.0], vec![2])
        );
        // Through `read`, from the bytes Excel writes.
        let path = std::env::temp_dir().join(format!("klfit-data-bom-{}.csv", std::process::id()));
        std::fs::write(&path, b"\xEF\xBB\xBFvalue,count\r\n0,1\r\n1,2\r\n").unwrap();
        let ds = read(path.to_str().unwrap(), ReadOptions::default()).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(ds.data, counts(0, &[1, 2]));
    }

    #[test]
    fn text_that_is_not_utf8_names_its_line() {
        assert!(matches!(
            decode("t.csv", b"\xFF\xFEv\x00".to_vec()),
            Err(Error::Read { .. })
        ));
        match decode("t.csv", b"x\r\n1\r\n2\xE9\r\n".to_vec()) {
            Err(Error::Read { source, .. }) => {
                assert!(source.to_string().contains("line 3"), "{source}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lf_crlf_and_cr_line_ends() {
        let want = counts(0, &[1, 2, 3]);
        for text in [
            "value,count\n0,1\n1,2\n2,3\n",
            "value,count\r\n0,1\r\n1,2\r\n2,3\r\n",
            "value,count\r0,1\r1,2\r2,3\r",
            "value,count\r0,1\n1,2\r\n2,3",
        ] {
            assert_eq!(data(text).unwrap(), want, "{text:?}");
        }
        assert_eq!(
            samples("x\r1\r\r# c\r2\r", ReadOptions::default()),
            (vec![1.0, 2.0], vec![2, 5])
        );
        // Line numbers count CR-only line ends too.
        assert_eq!(csv_err("value,count\r0,1\r1,x\r"), (3, 2));
        assert_eq!(csv_err("value,count\r\n0,1\r\n\r\n1,x\r\n"), (4, 2));
    }

    #[test]
    fn quoted_fields_hold_commas_and_doubled_quotes() {
        // A quoted header name with a comma and doubled quotes is one name.
        assert_eq!(
            samples(
                "\"size, \"\"cm\"\"\"\n\"2.5\"\n 3 \n",
                ReadOptions::default()
            ),
            (vec![2.5, 3.0], vec![2, 3])
        );
        assert_eq!(
            data("\"Value\" , \"Count\"\n\"1\" ,2\n").unwrap(),
            counts(1, &[2])
        );
        let fields = split_fields("t", 1, r#"a,"b,c","d""e""",  "" ,"#).unwrap();
        let texts: Vec<&str> = fields.iter().map(|f| f.text.as_ref()).collect();
        assert_eq!(texts, ["a", "b,c", "d\"e\"", "", ""]);
        let columns: Vec<usize> = fields.iter().map(|f| f.column).collect();
        assert_eq!(columns, [1, 2, 3, 4, 5]);
        // A quote inside a value is not a number.
        assert!(reason("x\n\"\"\"3\"\"\"\n", (2, 1)).contains("not a number"));
    }

    #[test]
    fn an_unterminated_quote_names_its_line() {
        assert!(reason("x\n1\n\"2.5\n3\n", (3, 1)).contains("unterminated quote"));
        assert!(reason("value,count\n0,\"1\n", (2, 2)).contains("unterminated quote"));
        assert!(reason("x\n\"1\"2\n", (2, 1)).contains("closing quote"));
    }

    #[test]
    fn a_decimal_comma_is_named_as_such() {
        assert_eq!(
            reason("x\n\"1,5\"\n", (2, 1)),
            "\"1,5\" is not a number (decimal commas are not supported; write 1.5)"
        );
        assert!(reason("value,count\n0,\"-2,25\"\n", (2, 2)).contains("write -2.25"));
        // Unquoted, it splits into two fields; the message says why.
        assert!(reason("x\n1,5\n", (2, 2)).contains("decimal commas are not supported; write 1.5"));
    }

    #[test]
    fn signs_exponents_and_the_numbers_people_write() {
        assert_eq!(
            samples(
                "x\n+3\n1e5\n2.5E-3\n.5\n-2.\n-1e+2\n",
                ReadOptions::default()
            )
            .0,
            [3.0, 1e5, 2.5e-3, 0.5, -2.0, -100.0]
        );
        assert_eq!(data("value,count\n+1,1e2\n").unwrap(), counts(1, &[100]));
        for bad in ["1e", "e5", "+", ".", "1.2.3", "0x10", "1_000", "--1", "1 2"] {
            assert!(
                reason(&format!("x\n{bad}\n"), (2, 1)).contains("not a number"),
                "{bad}"
            );
        }
    }

    #[test]
    fn infinities_are_not_finite_numbers() {
        for bad in ["inf", "-inf", "+Infinity", "INF", "1e400", "-1e999"] {
            assert!(
                reason(&format!("x\n1\n{bad}\n"), (3, 1)).contains("not a finite number"),
                "{bad}"
            );
        }
        assert!(reason("value,count\n0,inf\n", (2, 2)).contains("not a finite number"));
    }

    #[test]
    fn a_missing_value_is_an_error_naming_line_and_column() {
        for (text, line, column, value) in [
            ("x\n1\nNA\n", 3, 1, "NA"),
            ("x\n1\n\nnan\n", 4, 1, "nan"),
            ("x\nNaN\n", 2, 1, "NaN"),
            ("x\n\"\"\n", 2, 1, ""),
            ("x\nNULL\n", 2, 1, "NULL"),
            ("x\n#N/A\n", 2, 1, "#N/A"),
            ("value,count\n0,1\n1,N/A\n", 3, 2, "N/A"),
            ("value,count\n0,1\n,2\n", 3, 1, ""),
            ("value,count\n0,\n", 2, 2, ""),
            ("count\n4\nna\n", 3, 1, "na"),
            ("value,probability\n0,1\n1,null\n", 3, 2, "null"),
        ] {
            match data(text) {
                Err(e @ Error::MissingValue { .. }) => {
                    let Error::MissingValue {
                        line: l,
                        column: c,
                        value: v,
                        ..
                    } = &e
                    else {
                        unreachable!()
                    };
                    assert_eq!((*l, *c, v.as_str()), (line, column, value), "{text:?}");
                    assert!(e.to_string().contains("--skip-missing"), "{e}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn skip_missing_drops_rows_and_counts_them() {
        let text = "# heights\nx\n1\nNA\n2\n\"\"\nnan\n3\nnull\n";
        assert!(matches!(
            data(text),
            Err(Error::MissingValue { line: 4, .. })
        ));
        let parsed = parse("t.csv", text, SKIP).unwrap();
        assert_eq!(parsed.skipped, [4, 6, 7, 9]);
        let Data::Samples(s) = &parsed.data else {
            panic!("{:?}", parsed.data)
        };
        assert_eq!(
            (s.values.as_slice(), s.lines.as_slice()),
            ([1.0, 2.0, 3.0].as_slice(), [3, 5, 8].as_slice())
        );
        let ds = dataset(text, SKIP);
        assert_eq!(
            ds.describe(),
            "3 samples (4 rows with missing values skipped)"
        );
        assert_eq!(
            dataset("x\n1\nNA\n", SKIP).describe(),
            "1 samples (1 row with a missing value skipped)"
        );
        assert_eq!(dataset("x\n1\n", SKIP).describe(), "1 samples");

        // Histograms: the row goes; in a one-column file the others keep their values.
        let two = parse("t", "value,count\n0,1\n1,NA\nNA,5\n2,3\n", SKIP).unwrap();
        assert_eq!((two.data, two.skipped), (counts(0, &[1, 0, 3]), vec![3, 4]));
        let one = parse("t", "count\n1\nNA\n3\n", SKIP).unwrap();
        assert_eq!((one.data, one.skipped), (counts(0, &[1, 0, 3]), vec![3]));

        // A field that is neither a number nor missing still fails.
        assert!(matches!(
            parse("t", "value,count\nNA,abc\n", SKIP),
            Err(Error::Csv {
                line: 2,
                column: 2,
                ..
            })
        ));
        // Nothing left.
        assert!(matches!(
            parse("t", "x\nNA\n\"\"\n", SKIP),
            Err(Error::EmptyData {
                reason: "every row has a missing value",
                ..
            })
        ));
    }

    #[test]
    fn spreadsheet_error_values_are_data_not_comments() {
        assert!(reason("x\n1\n#DIV/0!\n", (3, 1)).contains("spreadsheet error"));
        assert_eq!(
            samples("x\n#N/A\n1\n# a comment\n", SKIP),
            (vec![1.0], vec![3])
        );
    }

    #[test]
    fn sample_lines_are_file_lines() {
        let ds = dataset("# survey\n\nweight\n70\n\n# break\n81.5\r\nNA\n64\n", SKIP);
        assert_eq!(
            (0..4).map(|i| ds.line_of_sample(i)).collect::<Vec<_>>(),
            [Some(4), Some(7), Some(9), None]
        );
        assert_eq!(dataset("value,count\n0,1\n", SKIP).line_of_sample(0), None);
    }

    #[test]
    fn integer_samples_are_a_histogram_for_discrete_models() {
        let ds = dataset("number\n0\n3\n1\n0\n12\n+3\n1e1\n", ReadOptions::default());
        let want = counts(0, &[2, 1, 0, 2, 0, 0, 0, 0, 0, 0, 1, 0, 1]);
        let h = ds.as_histogram().unwrap();
        assert_eq!(h.dataset.data, want);
        assert_eq!(h.dataset.source, "t.csv");
        assert_eq!(
            h.describe(),
            "histogram of 7 counts on 0..12 (binned from 7 integer samples)"
        );
        let t = ds.target_for(true).unwrap();
        assert_eq!((t.kind(), t.count()), ("histogram", Some(7)));
        let t = ds.target_for(false).unwrap();
        assert_eq!((t.kind(), t.count()), ("samples", Some(7)));
        assert_eq!(ds.target().unwrap().kind(), "samples");

        let skipped = dataset("number\n-2\nNA\n-2\n0\n", SKIP)
            .as_histogram()
            .unwrap();
        assert_eq!(skipped.dataset.data, counts(-2, &[2, 0, 1]));
        assert_eq!(
            skipped.describe(),
            "histogram of 3 counts on -2..0 (binned from 3 integer samples; 1 row with a missing value skipped)"
        );

        // Histograms are already histograms, for either kind of model.
        let worms = dataset("value,count\n0,2\n1,3\n", SKIP);
        assert!(worms.as_histogram().is_none());
        assert_eq!(worms.target_for(true).unwrap().count(), Some(5));
        assert_eq!(worms.target_for(false).unwrap().count(), Some(5));
    }

    #[test]
    fn a_non_integer_sample_is_an_error_for_discrete_models() {
        let ds = dataset("# counts\nnumber\n0\n3\n\n2.5\n1\n", ReadOptions::default());
        match ds.target_for(true) {
            Err(e @ Error::NonIntegerSample { .. }) => {
                let Error::NonIntegerSample { line, value, .. } = e else {
                    unreachable!()
                };
                assert_eq!(line, 6);
                approx_eq(value, 2.5);
            }
            other => panic!("{other:?}"),
        }
        assert!(ds.as_histogram().is_none());
        assert_eq!(ds.target_for(false).unwrap().kind(), "samples");
        assert!(matches!(
            dataset("n\n1\n2e15\n", ReadOptions::default()).target_for(true),
            Err(Error::Csv { line: 3, .. })
        ));
        assert!(matches!(
            dataset("n\n0\n2e7\n", ReadOptions::default()).target_for(true),
            Err(Error::Unsupported(_))
        ));
    }

    fn approx_eq(a: f64, b: f64) {
        assert!((a - b).abs() <= f64::EPSILON * b.abs(), "{a} != {b}");
    }

    #[test]
    fn a_count_too_large_says_so() {
        match data("value,count\n0,1\n1,1e20\n") {
            Err(
                e @ Error::CountTooLarge {
                    line: 3, column: 2, ..
                },
            ) => assert!(
                e.to_string()
                    .contains("count 1e20 is larger than the largest supported count 9e15"),
                "{e}"
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            data("count\n9000000000000001\n"),
            Err(Error::CountTooLarge { .. })
        ));
        assert_eq!(
            data("count\n9000000000000000\n").unwrap(),
            counts(0, &[MAX_COUNT])
        );
        assert!(matches!(
            data("value,count\n0,2.5\n"),
            Err(Error::NonIntegerCount { .. })
        ));
        assert!(reason("value,count\n1e16,1\n", (2, 1)).contains("outside the supported range"));
    }

    #[test]
    fn many_rows_read_linearly() {
        // Functional only: before the hash map this took minutes at 1e6 rows.
        const N: i64 = 200_000;
        let mut text = String::from("value,count\n");
        for v in (0..N).rev() {
            text.push_str(&format!("{v},{}\n", v % 7));
        }
        let Data::Counts { start, counts } = data(&text).unwrap() else {
            panic!("not counts")
        };
        assert_eq!((start, counts.len()), (0, N as usize));
        assert!(counts.iter().enumerate().all(|(v, &c)| c == v as u64 % 7));
        // A duplicate at the end names the first occurrence.
        text.push_str("5,1\n");
        let r = reason(&text, (N as usize + 2, 1));
        assert!(
            r.contains(&format!("first on line {}", N as usize + 1 - 5)),
            "{r}"
        );
    }

    #[test]
    fn problems_have_line_and_column() {
        assert_eq!(csv_err("value,count\n0,2\n1,abc\n"), (3, 2));
        assert_eq!(csv_err("value,count\n0,2\n1,-3\n"), (3, 2));
        assert_eq!(csv_err("value,count\n0,2.5\n"), (2, 2));
        assert_eq!(csv_err("value,count\n0,2,3\n"), (2, 3));
        assert_eq!(csv_err("value,count\n0\n"), (2, 1));
        assert_eq!(csv_err("value,count\n0.5,2\n"), (2, 1));
        assert_eq!(csv_err("value,count\n1,2\n1,3\n"), (3, 1));
        assert_eq!(csv_err("0,2\n1,3\n"), (1, 1));
        assert_eq!(csv_err("a,b\n1,3\n"), (1, 2));
        assert_eq!(csv_err("x\n1\nnan\n"), (3, 1));
        assert_eq!(csv_err("x\n1\nabc\n"), (3, 1));
        assert!(reason("value,count\n0,abc\n", (2, 2))
            .contains("\"abc\" is not a number; expected a whole-number count"));
        assert!(reason("value;count\n0;3\n", (2, 1)).contains("semicolons"));
    }

    #[test]
    fn empty_data_is_an_error() {
        for t in [
            "",
            "\n\n",
            "\u{feff}",
            "\r\r",
            "value,count\n",
            "value,count\n0,0\n1,0\n",
            "x\n",
            "x\r\r",
        ] {
            assert!(matches!(data(t), Err(Error::EmptyData { .. })), "{t:?}");
        }
    }

    #[test]
    fn strange_input_never_panics() {
        for t in [
            "\"",
            "x\n\"",
            "\"\"\"",
            "x\n,",
            "value,count\n\",\",\"\"\"\"",
            "\u{feff}\u{feff}x\n1",
            "x\n\u{feff}1",
            "value,count\n-1e15,1\n1e15,1\n",
            "value,count\n9223372036854775807,1\n",
            "x\n1é\n",
        ] {
            let _ = data(t);
            let _ = parse("t", t, SKIP);
        }
    }
}
