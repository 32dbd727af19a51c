//! Reading DATA: a small CSV reader that reports the line and column of
//! every problem.
//!
//! | header | meaning |
//! |---|---|
//! | `value,count` | histogram: integer values, non-negative whole counts |
//! | `value,probability` | histogram given as probabilities (summing to 1) |
//! | `count` / `probability` (one column) | histogram on `0, 1, 2, …` |
//! | any other single name | raw samples, one per line |
//!
//! Blank lines and lines starting with `#` are skipped; fields may be
//! quoted with `"`. Histogram values may come in any order; values missing
//! between the smallest and the largest have count 0.

use std::io::Read;

use crate::error::{Error, Result};

/// The largest histogram span accepted (values max − min + 1).
pub const MAX_SPAN: i64 = 10_000_000;

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
    Samples(Vec<f64>),
}

/// Data read from a file, with where they came from.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The path as given (`-` for standard input).
    pub source: String,
    /// The data.
    pub data: Data,
}

/// Reads `path` (`-`: standard input).
///
/// # Errors
/// [`Error::Read`] for an unreadable file, [`Error::Csv`],
/// [`Error::NegativeCount`], [`Error::NonIntegerCount`] or
/// [`Error::EmptyData`] for bad contents.
pub fn read(path: &str) -> Result<Dataset> {
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
    let text = String::from_utf8(bytes).map_err(|e| Error::Read {
        path: path.to_string(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
    })?;
    Ok(Dataset {
        source: path.to_string(),
        data: parse(path, &text)?,
    })
}

/// One field with its position.
struct Field<'a> {
    text: &'a str,
    column: usize,
}

fn split_fields<'a>(path: &str, line_no: usize, line: &'a str) -> Result<Vec<Field<'a>>> {
    line.split(',')
        .enumerate()
        .map(|(i, raw)| {
            let mut t = raw.trim();
            if t.starts_with('"') {
                if t.len() < 2 || !t.ends_with('"') {
                    return Err(Error::Csv {
                        path: path.to_string(),
                        line: line_no,
                        column: i + 1,
                        reason: "unterminated quote".into(),
                    });
                }
                t = t[1..t.len() - 1].trim();
            }
            Ok(Field {
                text: t,
                column: i + 1,
            })
        })
        .collect()
}

/// Parses CSV text (see the module docs for the accepted shapes).
///
/// # Errors
/// As [`read`].
pub fn parse(path: &str, text: &str) -> Result<Data> {
    let csv = |line, column, reason: String| Error::Csv {
        path: path.to_string(),
        line,
        column,
        reason,
    };
    let mut rows = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some((hline, header)) = rows.next() else {
        return Err(Error::EmptyData {
            path: path.to_string(),
            reason: "the file is empty",
        });
    };
    let header = split_fields(path, hline, header)?;
    let names: Vec<String> = header.iter().map(|f| f.text.to_ascii_lowercase()).collect();
    if let Some(f) = header.iter().find(|f| f.text.parse::<f64>().is_ok()) {
        return Err(csv(
            hline,
            f.column,
            format!(
                "missing header: found the number {} where a column name (value,count or a single name) belongs",
                f.text
            ),
        ));
    }
    if let Some(f) = header.iter().find(|f| f.text.is_empty()) {
        return Err(csv(
            hline,
            f.column,
            "empty column name in the header".into(),
        ));
    }
    let kind = match names.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["value", "count"] => Kind::Counts { value_col: true },
        ["value", "probability"] => Kind::Probabilities { value_col: true },
        ["count"] => Kind::Counts { value_col: false },
        ["probability"] => Kind::Probabilities { value_col: false },
        [_] => Kind::Samples,
        _ => {
            return Err(csv(
                hline,
                names.len().min(3),
                format!(
                    "header {:?}: expected value,count, value,probability or a single column",
                    names.join(",")
                ),
            ))
        }
    };
    let width = names.len();
    let mut values: Vec<(i64, usize)> = Vec::new();
    let mut counts = Vec::new();
    let mut probs = Vec::new();
    let mut samples = Vec::new();
    let mut next_index = 0i64;
    for (line, l) in rows {
        let fields = split_fields(path, line, l)?;
        if fields.len() != width {
            let column = fields.len().min(width) + 1;
            return Err(csv(
                line,
                column.min(fields.len()),
                format!("expected {width} field(s), found {}", fields.len()),
            ));
        }
        let number = |f: &Field| -> Result<f64> {
            match f.text.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(v),
                Ok(_) => Err(csv(
                    line,
                    f.column,
                    format!("{} is not a finite number", f.text),
                )),
                Err(_) => Err(csv(
                    line,
                    f.column,
                    if f.text.is_empty() {
                        "empty field where a number belongs".to_string()
                    } else {
                        format!("{:?} is not a number", f.text)
                    },
                )),
            }
        };
        let (value, data_field) = match kind {
            Kind::Samples => {
                samples.push(number(&fields[0])?);
                continue;
            }
            Kind::Counts { value_col } | Kind::Probabilities { value_col } => {
                if value_col {
                    let v = number(&fields[0])?;
                    if v.fract() != 0.0 || v.abs() > 1e15 {
                        return Err(csv(
                            line,
                            1,
                            format!(
                                "value {} is not a whole number (histogram values are integers)",
                                fields[0].text
                            ),
                        ));
                    }
                    (v as i64, &fields[1])
                } else {
                    next_index += 1;
                    (next_index - 1, &fields[0])
                }
            }
        };
        if let Some(&(_, first)) = values.iter().find(|(v, _)| *v == value) {
            return Err(csv(
                line,
                1,
                format!("value {value} appears twice (first on line {first})"),
            ));
        }
        values.push((value, line));
        match kind {
            Kind::Counts { .. } => {
                let bad = || data_field.text.to_string();
                let c = number(data_field)?;
                if c < 0.0 {
                    return Err(Error::NegativeCount {
                        path: path.to_string(),
                        line,
                        column: data_field.column,
                        value: bad(),
                    });
                }
                if c.fract() != 0.0 || c > 9.0e15 {
                    return Err(Error::NonIntegerCount {
                        path: path.to_string(),
                        line,
                        column: data_field.column,
                        value: bad(),
                    });
                }
                counts.push(c as u64);
            }
            _ => {
                let p = number(data_field)?;
                if p < 0.0 {
                    return Err(csv(
                        line,
                        data_field.column,
                        format!("probability {} is negative", data_field.text),
                    ));
                }
                probs.push(p);
            }
        }
    }
    let empty = |reason| Error::EmptyData {
        path: path.to_string(),
        reason,
    };
    if matches!(kind, Kind::Samples) {
        if samples.is_empty() {
            return Err(empty("a header but no samples"));
        }
        return Ok(Data::Samples(samples));
    }
    if values.is_empty() {
        return Err(empty("a header but no rows"));
    }
    let lo = values.iter().map(|v| v.0).min().unwrap_or(0);
    let hi = values.iter().map(|v| v.0).max().unwrap_or(0);
    if hi.saturating_sub(lo) >= MAX_SPAN {
        return Err(Error::Unsupported(format!(
            "{path}: histogram values span {lo}..{hi}, more than {MAX_SPAN} values"
        )));
    }
    let len = (hi - lo + 1) as usize;
    if let Kind::Counts { .. } = kind {
        if counts.iter().all(|&c| c == 0) {
            return Err(empty("all counts are zero"));
        }
        let mut dense = vec![0u64; len];
        for ((v, _), c) in values.iter().zip(counts) {
            dense[(v - lo) as usize] = c;
        }
        Ok(Data::Counts {
            start: lo,
            counts: dense,
        })
    } else {
        let mut dense = vec![0.0; len];
        for ((v, _), p) in values.iter().zip(probs) {
            dense[(v - lo) as usize] = p;
        }
        Ok(Data::Probabilities {
            start: lo,
            probs: dense,
        })
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Counts { value_col: bool },
    Probabilities { value_col: bool },
    Samples,
}

impl Dataset {
    /// The fitting target.
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
            Data::Samples(xs) => fit::Target::samples(xs).map_err(wrap),
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

    /// A short description: `"histogram of 100 counts on 0..10"`.
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
            Data::Samples(xs) => format!("{} samples", xs.len()),
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
            }
        }
        format!("fnv1a64:{h:016x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_err(text: &str) -> (usize, usize) {
        match parse("t.csv", text) {
            Err(Error::Csv { line, column, .. })
            | Err(Error::NegativeCount { line, column, .. })
            | Err(Error::NonIntegerCount { line, column, .. }) => (line, column),
            other => panic!("{text:?}: {other:?}"),
        }
    }

    #[test]
    fn reads_the_worms() {
        let text = include_str!("../data/worms.csv");
        let d = parse("worms.csv", text).unwrap();
        assert_eq!(
            d,
            Data::Counts {
                start: 0,
                counts: vec![2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7]
            }
        );
    }

    #[test]
    fn gaps_order_comments_and_crlf() {
        let d = parse("t", "# worms\r\nvalue,count\r\n3,1\r\n\r\n1,2\n").unwrap();
        assert_eq!(
            d,
            Data::Counts {
                start: 1,
                counts: vec![2, 0, 1]
            }
        );
        assert_eq!(
            parse("t", "x\n1.5\n-2\n").unwrap(),
            Data::Samples(vec![1.5, -2.0])
        );
        assert_eq!(
            parse("t", "\"value\",\"count\"\n\"0\",\"4\"\n").unwrap(),
            Data::Counts {
                start: 0,
                counts: vec![4]
            }
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
    }

    #[test]
    fn empty_data_is_an_error() {
        for t in [
            "",
            "\n\n",
            "value,count\n",
            "value,count\n0,0\n1,0\n",
            "x\n",
        ] {
            assert!(
                matches!(parse("t", t), Err(Error::EmptyData { .. })),
                "{t:?}"
            );
        }
    }
}
