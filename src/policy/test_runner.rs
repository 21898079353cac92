//! `palisade test`: runs the Rego unit tests (`test_*` rules in `*_test` packages) of
//! the built-in policies and of any given directories. A test passes when its rule
//! evaluates to `true`; `false`, undefined or an error all fail it.

use super::PolicySet;

/// Names of `test_*` rules declared at the start of a line in a test module.
pub fn test_rule_names(rego: &str) -> Vec<String> {
    let mut names: Vec<String> = rego
        .lines()
        .filter_map(|line| {
            let name: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            name.starts_with("test_").then_some(name)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestResult {
    pub package: String,
    pub name: String,
    pub origin: String,
    /// `None` when the test passed; otherwise what it evaluated to or the error.
    pub failure: Option<String>,
}

impl PolicySet {
    pub fn run_tests(&self) -> Vec<TestResult> {
        let mut results = Vec::new();
        for (package, origin, names) in &self.tests {
            for name in names {
                let mut engine = self.engine.clone();
                engine.set_input(regorus::Value::new_object());
                let failure = match engine.eval_rule(format!("{package}.{name}")) {
                    Ok(regorus::Value::Bool(true)) => None,
                    Ok(regorus::Value::Undefined) => {
                        Some("undefined (a condition did not hold)".to_owned())
                    }
                    Ok(other) => Some(format!("evaluated to {other}")),
                    Err(e) => Some(format!("error: {e}")),
                };
                results.push(TestResult {
                    package: package.clone(),
                    name: name.clone(),
                    origin: origin.clone(),
                    failure,
                });
            }
        }
        results.sort_by(|a, b| (&a.package, &a.name).cmp(&(&b.package, &b.name)));
        results
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_test_rules_at_line_start() {
        let rego = "package a_test\n\ntest_one if { true }\ntest_two if {\n}\n  # test_not_this\nhelper := 1\n";
        assert_eq!(test_rule_names(rego), ["test_one", "test_two"]);
    }
}
