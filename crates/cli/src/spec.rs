//! The specification language shared by distributions and models:
//! `name`, `name(arg, …)` with numbers, `key=number`, integer ranges `a..b`
//! and weighted sub-specifications `w*name(…)`.
//!
//! ```text
//! spec  := ident [ "(" [ arg { "," arg } ] ")" ]
//! arg   := number | ident "=" number | int ".." int | number "*" spec | spec
//! ```

use crate::error::{Error, Result};

/// A parsed `name(args)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Lower-cased name.
    pub name: String,
    /// The arguments in order.
    pub args: Vec<Arg>,
    /// The whole specification text, for messages.
    pub text: String,
}

/// One argument of a [`Call`].
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A bare number, with its text.
    Number(f64, String),
    /// `key=number`.
    Named(String, f64, String),
    /// `a..b` (inclusive integers).
    Range(i64, i64),
    /// `w*spec`.
    Weighted(f64, Call),
    /// A nested spec.
    Call(Call),
}

/// Parses a whole specification.
///
/// # Errors
/// [`Error::Spec`] with the 1-based column of the first unexpected character.
pub fn parse(text: &str) -> Result<Call> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        text,
    };
    p.ws();
    let call = p.call()?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("unexpected text after the specification"));
    }
    Ok(call)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn err(&self, reason: &str) -> Error {
        Error::Spec {
            spec: self.text.to_string(),
            column: self.text[..self.i.min(self.text.len())].chars().count() + 1,
            reason: reason.to_string(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        self.ws();
        let start = self.i;
        if !self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        {
            self.i += 1;
        }
        Some(self.text[start..self.i].to_ascii_lowercase())
    }

    /// A number token: sign, digits, a fraction (not `..`), an exponent.
    fn number(&mut self) -> Result<(f64, String)> {
        self.ws();
        let start = self.i;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.i += 1;
        }
        let digits = |p: &mut Self| {
            let d0 = p.i;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.i += 1;
            }
            p.i > d0
        };
        let mut any = digits(self);
        if self.peek() == Some(b'.') && self.s.get(self.i + 1) != Some(&b'.') {
            self.i += 1;
            any |= digits(self);
        }
        if !any {
            self.i = start;
            return Err(self.err("expected a number"));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            let save = self.i;
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                self.i = save;
            }
        }
        let t = &self.text[start..self.i];
        match t.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok((v, t.to_string())),
            _ => {
                self.i = start;
                Err(self.err("expected a finite number"))
            }
        }
    }

    fn call(&mut self) -> Result<Call> {
        let start = self.i;
        let Some(name) = self.ident() else {
            return Err(self.err("expected a name such as normal or binomial"));
        };
        let mut args = Vec::new();
        if self.eat(b'(') && !self.eat(b')') {
            loop {
                args.push(self.arg()?);
                if self.eat(b')') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.err("expected ',' or ')'"));
                }
            }
        }
        Ok(Call {
            name,
            args,
            text: self.text[start..self.i].trim().to_string(),
        })
    }

    fn arg(&mut self) -> Result<Arg> {
        self.ws();
        let begin = self.i;
        if self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            let save = self.i;
            let name = self.ident().unwrap_or_default();
            if self.eat(b'=') {
                let (v, t) = self.number()?;
                return Ok(Arg::Named(name, v, t));
            }
            self.i = save;
            return Ok(Arg::Call(self.call()?));
        }
        let (v, t) = self.number()?;
        self.ws();
        if self.s[self.i..].starts_with(b"..") {
            self.i += 2;
            let (hi, ht) = self.number()?;
            let int = |x: f64| (x.fract() == 0.0 && x.abs() < 1e15).then_some(x as i64);
            return match (int(v), int(hi)) {
                (Some(a), Some(b)) => Ok(Arg::Range(a, b)),
                _ => {
                    self.i = begin;
                    Err(self.err(&format!("range {t}..{ht} needs whole numbers")))
                }
            };
        }
        if self.eat(b'*') {
            return Ok(Arg::Weighted(v, self.call()?));
        }
        Ok(Arg::Number(v, t))
    }
}

impl Call {
    /// Bare numbers, or an error naming the first argument that is not one.
    ///
    /// # Errors
    /// [`Error::Spec`] for a non-numeric argument.
    pub fn numbers(&self) -> Result<Vec<f64>> {
        self.args
            .iter()
            .map(|a| match a {
                Arg::Number(v, _) => Ok(*v),
                _ => Err(self.bad("expected plain numbers as arguments")),
            })
            .collect()
    }

    /// An [`Error::Spec`] about this call.
    pub fn bad(&self, reason: &str) -> Error {
        Error::Spec {
            spec: self.text.clone(),
            column: 1,
            reason: reason.to_string(),
        }
    }

    /// An [`Error::Parameter`] about argument `name` of this call.
    pub fn bad_param(&self, name: &str, value: &str, reason: &str) -> Error {
        Error::Parameter {
            context: self.text.clone(),
            name: name.to_string(),
            value: value.to_string(),
            reason: reason.to_string(),
        }
    }

    /// Exactly `names.len()` parameters, positional or named (`n=10`), in
    /// the order of `names`.
    ///
    /// # Errors
    /// [`Error::Spec`] for the wrong number of arguments, an unknown or
    /// repeated name, or a non-numeric argument.
    pub fn params(&self, names: &[&str]) -> Result<Vec<(f64, String)>> {
        let mut out: Vec<Option<(f64, String)>> = vec![None; names.len()];
        let mut next = 0;
        for a in &self.args {
            let (slot, v, t) = match a {
                Arg::Number(v, t) => {
                    let s = next;
                    next += 1;
                    (s, *v, t.clone())
                }
                Arg::Named(n, v, t) => match names.iter().position(|x| x == n) {
                    Some(s) => (s, *v, t.clone()),
                    None => {
                        return Err(self.bad(&format!(
                            "{} has no parameter {n:?} (it takes {})",
                            self.name,
                            names.join(", ")
                        )))
                    }
                },
                _ => return Err(self.bad("expected numbers or name=number as arguments")),
            };
            match out.get_mut(slot) {
                Some(o @ None) => *o = Some((v, t)),
                Some(Some(_)) => {
                    return Err(self.bad(&format!("parameter {} given twice", names[slot])))
                }
                None => {
                    return Err(self.bad(&format!(
                        "{} takes {} parameter(s): {}",
                        self.name,
                        names.len(),
                        names.join(", ")
                    )))
                }
            }
        }
        out.into_iter()
            .zip(names)
            .map(|(o, n)| o.ok_or_else(|| self.bad(&format!("missing parameter {n}"))))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_positional_named_ranges_and_weights() {
        let c = parse("normal(0, 1)").unwrap();
        assert_eq!(c.name, "normal");
        assert_eq!(c.numbers().unwrap(), vec![0.0, 1.0]);
        let c = parse("binomial(n=10)").unwrap();
        assert_eq!(c.args, vec![Arg::Named("n".into(), 10.0, "10".into())]);
        let c = parse("split(0..5,6..10)").unwrap();
        assert_eq!(c.args, vec![Arg::Range(0, 5), Arg::Range(6, 10)]);
        let c = parse("mixture(0.5*normal(-3,1),0.5*normal(3,1))").unwrap();
        assert!(
            matches!(&c.args[0], Arg::Weighted(w, n) if (*w - 0.5).abs() < 1e-15 && n.name == "normal")
        );
        assert_eq!(parse("Uniform").unwrap().name, "uniform");
        assert_eq!(
            parse("normal(1e-3,2.5E2)").unwrap().numbers().unwrap(),
            vec![1e-3, 250.0]
        );
    }

    #[test]
    fn errors_name_the_column() {
        for (s, col) in [
            ("normal(0,", 10),
            ("normal(0 1)", 10),
            ("(0,1)", 1),
            ("normal(0,1))", 12),
            ("split(0.5..3)", 7),
            ("normal(=)", 8),
            ("normal(1e999)", 8),
        ] {
            match parse(s) {
                Err(Error::Spec { column, .. }) => assert_eq!(column, col, "{s}"),
                other => panic!("{s}: {other:?}"),
            }
        }
    }

    #[test]
    fn params_are_positional_or_named() {
        let c = parse("binomial(p=0.5, n=10)").unwrap();
        let v = c.params(&["n", "p"]).unwrap();
        assert_eq!((v[0].0, v[1].0), (10.0, 0.5));
        assert!(parse("binomial(10)").unwrap().params(&["n", "p"]).is_err());
        assert!(parse("binomial(1,2,3)")
            .unwrap()
            .params(&["n", "p"])
            .is_err());
        assert!(parse("binomial(q=1,p=2)")
            .unwrap()
            .params(&["n", "p"])
            .is_err());
        assert!(parse("binomial(1,n=2)")
            .unwrap()
            .params(&["n", "p"])
            .is_err());
    }
}
