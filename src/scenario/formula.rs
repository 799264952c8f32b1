//! Formulas in team games (`tokens - contribution + fund / teams`), parsed by `evalexpr`.
//!
//! A formula is parsed once when the scenario loads; every name it reads must be one the
//! scenario defines at that place, and only side-effect-free, deterministic functions are
//! allowed (no `random`, no assignments), so a formula can never make a session unreplayable.

use evalexpr::{Node, Value};

/// Functions a formula may call. All are pure and deterministic.
pub const FUNCTIONS: &[&str] = &[
    "min",
    "max",
    "floor",
    "round",
    "ceil",
    "if",
    "math::abs",
    "math::sqrt",
    "math::pow",
];

/// Longest formula, in characters; a formula is one line of arithmetic.
pub const MAX_LEN: usize = 500;

#[derive(Debug, Clone)]
pub struct Formula {
    pub source: String,
    node: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FormulaError {
    Syntax(String),
    TooLong,
    /// A name the formula reads that is not defined; with the closest defined name.
    UnknownName {
        name: String,
        suggestion: Option<String>,
    },
    UnknownFunction(String),
    Assignment(String),
}

/// Makes `==` and `!=` compare numbers by value. Every name a formula reads holds a decimal
/// number, while `6` is a whole number, and evalexpr's `==` tells the two kinds apart, so
/// `round == 6` would never hold. Whole numbers compared for equality become decimals;
/// elsewhere they stay whole (`7 / 2` is still 3, as the guides say).
fn numeric_equality(node: &mut Node) {
    use evalexpr::Operator;
    fn to_decimals(node: &mut Node) {
        if let Operator::Const {
            value: Value::Int(i),
        } = node.operator()
        {
            let f = *i as f64;
            *node.operator_mut() = Operator::Const {
                value: Value::Float(f),
            };
        }
        for child in node.children_mut() {
            to_decimals(child);
        }
    }
    if matches!(node.operator(), Operator::Eq | Operator::Neq) {
        to_decimals(node);
    } else {
        for child in node.children_mut() {
            numeric_equality(child);
        }
    }
}

impl Formula {
    /// Parses `source` and checks each name it reads with `known`.
    /// Returns every problem, not just the first.
    pub fn parse<'a>(
        source: &str,
        known: &dyn Fn(&str) -> bool,
        candidates: &dyn Fn() -> Vec<&'a str>,
    ) -> Result<Formula, Vec<FormulaError>> {
        if source.chars().count() > MAX_LEN {
            return Err(vec![FormulaError::TooLong]);
        }
        if source.trim().is_empty() {
            return Err(vec![FormulaError::Syntax(
                "the formula is empty".to_owned(),
            )]);
        }
        let mut node = evalexpr::build_operator_tree(source)
            .map_err(|e| vec![FormulaError::Syntax(e.to_string())])?;
        numeric_equality(&mut node);
        let mut errors = Vec::new();
        for node_ref in node.iter() {
            if let evalexpr::Operator::VariableIdentifierWrite { identifier } = node_ref.operator()
            {
                errors.push(FormulaError::Assignment(identifier.clone()));
            }
        }
        for name in node.iter_function_identifiers() {
            if !FUNCTIONS.contains(&name) {
                errors.push(FormulaError::UnknownFunction(name.to_owned()));
            }
        }
        let mut seen = Vec::new();
        for name in node.iter_read_variable_identifiers() {
            if !known(name) && !seen.contains(&name) {
                seen.push(name);
                let suggestion =
                    super::diagnostic::did_you_mean(name, candidates()).map(str::to_owned);
                errors.push(FormulaError::UnknownName {
                    name: name.to_owned(),
                    suggestion,
                });
            }
        }
        if errors.is_empty() {
            Ok(Formula {
                source: source.to_owned(),
                node,
            })
        } else {
            Err(errors)
        }
    }

    /// Names the formula reads, each once, in order of first use.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for name in self.node.iter_read_variable_identifiers() {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Evaluates to a number. Booleans count as 1 and 0, so `if` and comparisons can be summed.
    pub fn eval<C>(&self, context: &C) -> Result<f64, String>
    where
        C: evalexpr::Context,
    {
        match self.node.eval_with_context(context) {
            Ok(Value::Float(f)) => Ok(f),
            Ok(Value::Int(i)) => Ok(i as f64),
            Ok(Value::Boolean(b)) => Ok(if b { 1.0 } else { 0.0 }),
            Ok(other) => Err(format!("the formula gave {other}, not a number")),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// A formula problem in both languages, from the English detail that `parse` keeps in
/// `FormulaError::Syntax` or that `eval` returns. Those stay `String`s for their callers; this
/// gives the Korean of what they say, and the English is the detail unchanged. The details
/// come from this file and from evalexpr's wording (evalexpr 11); one not known here keeps
/// its English in the Korean too.
pub fn explain(detail: &str) -> crate::i18n::Msg {
    let pair = |ko: String| crate::i18n::Msg {
        ko,
        en: detail.to_owned(),
    };
    let d = detail.trim_end_matches('.');
    let ko = match d {
        "the formula is empty" => "공식이 비어 있어요".to_owned(),
        "Found an unmatched opening parenthesis '('" => "여는 괄호 '('를 닫지 않았어요".to_owned(),
        "Found an unmatched closing parenthesis ')'" => {
            "닫는 괄호 ')'와 짝이 되는 '('가 없어요".to_owned()
        }
        "Found an unmatched double quote '\"'" => "따옴표 '\"'의 짝이 없어요".to_owned(),
        "Tried to append a node to a leaf node" => {
            "값과 값 사이에 + - * / 같은 기호가 빠졌어요".to_owned()
        }
        "Tried to append a node to another node with higher precedence" => {
            "기호를 쓴 순서가 맞지 않아요".to_owned()
        }
        _ if d.starts_with("Found an opening parenthesis that is preceded by something") => {
            "괄호 앞이나 뒤에 + - * / 같은 기호가 빠졌어요".to_owned()
        }
        _ => return pair(explain_with_values(d).unwrap_or_else(|| detail.to_owned())),
    };
    pair(ko)
}

/// The Korean of the details of `explain` that carry values (a token, a count, a division).
fn explain_with_values(d: &str) -> Option<String> {
    if let Some(rest) = d.strip_prefix("Found a partial token '") {
        if let Some((first, second)) = rest
            .strip_suffix('\'')
            .and_then(|r| r.split_once("' that should not be followed by '"))
        {
            return Some(format!("'{first}' 바로 뒤에 '{second}'를 쓸 수 없어요"));
        }
        let first = rest.strip_suffix("' that should be followed by another partial token")?;
        return Some(format!(
            "'{first}' 하나만 쓸 수 없어요 (`==`, `!=`, `>=`, `<=`처럼 써요)"
        ));
    }
    if let Some((expected, actual)) = d
        .strip_prefix("An operator expected ")
        .and_then(|r| r.split_once(" arguments, but got "))
    {
        return Some(format!(
            "계산 기호 앞이나 뒤에 값이 빠졌어요 (필요한 값 {expected}개, 있는 값 {actual}개)"
        ));
    }
    if let Some((expected, actual)) = d
        .strip_prefix("A function expected ")
        .and_then(|r| r.split_once(" arguments, but got "))
    {
        let expected = expected.replace(" to ", "~");
        return Some(format!(
            "함수에 넣은 값의 개수가 맞지 않아요 (필요한 값 {expected}개, 넣은 값 {actual}개)"
        ));
    }
    if let Some(sequence) = d.strip_prefix("Illegal escape sequence: ") {
        return Some(format!("쓸 수 없는 \\ 표현이 있어요: {sequence}"));
    }
    if let Some(division) = d.strip_prefix("Error dividing ") {
        return Some(format!(
            "{division}을(를) 계산할 수 없어요 (0으로 나누었나요?)"
        ));
    }
    if let Some(value) = d
        .strip_prefix("the formula gave ")
        .and_then(|r| r.strip_suffix(", not a number"))
    {
        return Some(format!("공식의 결과가 숫자가 아니에요: {value}"));
    }
    if d.starts_with("Expected ") || d.contains("wrong combination of types") {
        return Some(format!(
            "값의 종류가 맞지 않아서 계산할 수 없어요. 글(선택지 id)을 숫자처럼 쓰지 않았는지 확인해 주세요 ({d})"
        ));
    }
    None
}

#[cfg(test)]
mod equality_tests {
    use super::*;
    use evalexpr::{ContextWithMutableVariables, HashMapContext};

    #[test]
    fn equality_compares_numbers_by_value_and_division_stays_whole() {
        let names = ["round"];
        let parse =
            |src: &str| Formula::parse(src, &|n| names.contains(&n), &|| names.to_vec()).unwrap();
        let mut context = HashMapContext::new();
        context
            .set_value("round".into(), Value::Float(6.0))
            .unwrap();
        assert_eq!(parse("round == 6").eval(&context), Ok(1.0));
        assert_eq!(parse("round != 6").eval(&context), Ok(0.0));
        assert_eq!(parse("if(round == 3 + 3, 10, 20)").eval(&context), Ok(10.0));
        assert_eq!(parse("round == 5").eval(&context), Ok(0.0));
        assert_eq!(parse("7 / 2").eval(&context), Ok(3.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use evalexpr::{ContextWithMutableVariables, HashMapContext};

    fn parse(src: &str, names: &[&'static str]) -> Result<Formula, Vec<FormulaError>> {
        let names = names.to_vec();
        let for_candidates = names.clone();
        Formula::parse(src, &move |n| names.contains(&n), &move || {
            for_candidates.clone()
        })
    }

    #[test]
    fn evaluates_with_floats_from_the_context() {
        let f = parse(
            "tokens - contribution + fund / teams",
            &["tokens", "contribution", "fund", "teams"],
        )
        .unwrap();
        let mut c = HashMapContext::new();
        for (k, v) in [
            ("tokens", 10.0),
            ("contribution", 4.0),
            ("fund", 18.0),
            ("teams", 4.0),
        ] {
            c.set_value(k.into(), Value::Float(v)).unwrap();
        }
        assert_eq!(f.eval(&c), Ok(10.5));
    }

    #[test]
    fn reports_unknown_names_with_a_suggestion() {
        let errors = parse("tokns + 1", &["tokens"]).unwrap_err();
        assert_eq!(
            errors,
            vec![FormulaError::UnknownName {
                name: "tokns".into(),
                suggestion: Some("tokens".into())
            }]
        );
    }

    #[test]
    fn refuses_randomness_and_assignment() {
        let errors = parse("random() + x", &["x"]).unwrap_err();
        assert!(matches!(errors[0], FormulaError::UnknownFunction(ref f) if f == "random"));
        let errors = parse("x = 3", &["x"]).unwrap_err();
        assert!(matches!(errors[0], FormulaError::Assignment(_)));
    }

    #[test]
    fn details_are_explained_in_korean_with_the_english_unchanged() {
        let empty = match &parse("  ", &[]).unwrap_err()[0] {
            FormulaError::Syntax(detail) => explain(detail),
            other => panic!("{other:?}"),
        };
        assert_eq!(empty.en, "the formula is empty");
        assert!(crate::i18n::has_hangul(&empty.ko));
        for detail in [
            "Found an unmatched opening parenthesis '('.",
            "An operator expected 2 arguments, but got 1.",
            "Found a partial token '&' that should be followed by another partial token.",
            "Error dividing 7 / 0",
        ] {
            let m = explain(detail);
            assert_eq!(m.en, detail);
            assert!(crate::i18n::has_hangul(&m.ko), "{detail}: {}", m.ko);
        }
        assert_eq!(explain("something new").ko, "something new");
    }

    #[test]
    fn syntax_errors_are_caught() {
        assert!(matches!(
            parse("(1 + ", &[]).unwrap_err()[0],
            FormulaError::Syntax(_)
        ));
    }
}
