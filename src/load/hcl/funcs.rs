//! Terraform's built-in functions, the ones configurations use to shape values: string,
//! collection, encoding, type-conversion and network functions, `file`/`templatefile`
//! (reading only inside the scanned tree), `try` and `can`. Functions whose result
//! depends on the clock, randomness, the machine, or something not implemented here
//! return an unknown saying so; never a guess.
//!
//! Unknown arguments: most functions return an unknown linked to their inputs; those that
//! only move values around (`concat`, `merge`, `length`, `lookup` of a known key …) keep
//! what is known.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::eval::{Ctx, Evaluator, Scope};
use super::values::{self, MARK};
use crate::model::value::Map;
use crate::model::Value;

/// Most elements `range()` may produce.
const MAX_RANGE: usize = 100_000;
/// Longest string and most elements a function may return.
const MAX_STRING_BYTES: usize = 16 * 1024 * 1024;
const MAX_ELEMENTS: usize = 1_000_000;
/// Largest file `file()`/`templatefile()` read.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

impl Evaluator {
    pub fn call(&mut self, ctx: Ctx, scope: &Scope<'_>, call: &hcl::expr::FuncCall) -> Value {
        let name = call.name.name.as_str();
        if !call.name.namespace.is_empty() {
            return values::unknown(
                format!("provider function {name} is not evaluated"),
                BTreeSet::new(),
            );
        }
        match name {
            "try" => {
                let mut last = values::error("try: no argument succeeded");
                for arg in &call.args {
                    let value = self.eval(ctx, scope, arg);
                    if !contains_error(&value) {
                        return value;
                    }
                    last = value;
                }
                return last;
            }
            "can" => {
                let value = match call.args.first() {
                    Some(arg) => self.eval(ctx, scope, arg),
                    None => return values::error("can needs an argument"),
                };
                return if contains_error(&value) {
                    Value::Bool(false)
                } else if value.contains_unknown() {
                    values::derived_unknown([&value])
                } else {
                    Value::Bool(true)
                };
            }
            _ => {}
        }
        let mut args: Vec<Value> = call.args.iter().map(|a| self.eval(ctx, scope, a)).collect();
        if call.expand_final {
            match args.pop() {
                Some(Value::List(items)) => args.extend(items),
                Some(other) => return values::derived_unknown([&other]),
                None => {}
            }
        }
        let result = match name {
            "file" | "templatefile" | "fileexists" | "filebase64" => {
                self.file_function(ctx, name, &args)
            }
            _ => apply(name, args),
        };
        // A function's result is text built like a template's, and counts alike.
        let built = match &result {
            Value::String(s) => s.len() as u64,
            Value::List(items) => items.len() as u64,
            Value::Map(map) => map.len() as u64,
            _ => 0,
        };
        if !self.spend(built) {
            return values::error("evaluation budget spent");
        }
        // One value past these is an explosion (a list doubled through locals), stopped
        // before the next doubling.
        match &result {
            Value::String(s) if s.len() > MAX_STRING_BYTES => self.too_large(format!(
                "{name}() returns a string longer than {} MiB",
                MAX_STRING_BYTES >> 20
            )),
            Value::List(items) if items.len() > MAX_ELEMENTS => self.too_large(format!(
                "{name}() returns more than {MAX_ELEMENTS} elements"
            )),
            Value::Map(map) if map.len() > MAX_ELEMENTS => self.too_large(format!(
                "{name}() returns more than {MAX_ELEMENTS} elements"
            )),
            _ => result,
        }
    }

    fn file_function(&mut self, ctx: Ctx, name: &str, args: &[Value]) -> Value {
        let Some(path_value) = args.first() else {
            return values::error(format!("{name} needs a path"));
        };
        if path_value.is_unknown() {
            return values::derived_unknown([path_value]);
        }
        let Some(path) = path_value.as_str() else {
            return values::error(format!("{name} needs a string path"));
        };
        let full = match self.readable(path) {
            Ok(full) => full,
            // A missing file is Terraform's error too (`try` and `fileexists` see it).
            Err(Unreadable::Missing) if name == "fileexists" => return Value::Bool(false),
            Err(Unreadable::Missing) => {
                return values::error(format!("{name}(\"{path}\"): no such file"))
            }
            Err(Unreadable::Outside) => {
                self.refused_read(ctx, name, path);
                return values::unknown(
                    format!("{name}(\"{path}\") not read: outside the scanned module directories"),
                    BTreeSet::new(),
                );
            }
        };
        if name == "fileexists" {
            return Value::Bool(full.is_file());
        }
        let text = match read_limited(&full) {
            Ok(text) => text,
            Err(e) => return values::error(format!("{name}(\"{path}\"): {e}")),
        };
        match name {
            "file" => Value::String(text),
            "filebase64" => Value::String(data_encoding::BASE64.encode(text.as_bytes())),
            _ => {
                let vars = match args.get(1) {
                    Some(Value::Map(map)) => map.clone(),
                    None => Map::new(),
                    Some(other) if other.is_unknown() => return values::derived_unknown([other]),
                    Some(_) => return values::error("templatefile variables must be an object"),
                };
                let template = match hcl::edit::parser::parse_template(&text) {
                    Ok(t) => hcl::Template::from(t),
                    Err(e) => {
                        return values::error(format!("templatefile(\"{path}\"): {}", e.message()))
                    }
                };
                // The template sees only its own variables (and functions), as in Terraform.
                let root = Scope::root();
                let mut scopes: Vec<(String, Value)> =
                    vars.into_iter().filter(|(k, _)| k != MARK).collect();
                scopes.reverse();
                render_with(
                    self,
                    Ctx {
                        inst: ctx.inst,
                        isolated: true,
                    },
                    &root,
                    &mut scopes,
                    &template,
                )
            }
        }
    }

    /// Where a `file()` path may be read: relative paths are taken from the root module's
    /// directory (Terraform's working directory); the file must lie inside the root module
    /// or a local module loaded for it, so a scan never reads outside the scanned tree.
    ///
    /// The path as written is judged before the file system is asked, so a configuration
    /// cannot learn whether a file exists outside the tree; then the real path (a link).
    fn readable(&self, path: &str) -> Result<PathBuf, Unreadable> {
        let root = self.root_dir();
        let roots: Vec<PathBuf> = self
            .readable_roots()
            .iter()
            .filter_map(|dir| dir.canonicalize().ok())
            .collect();
        let inside = |p: &Path| roots.iter().any(|dir| p.starts_with(dir));
        let written = root
            .canonicalize()
            .map(|base| super::eval::normalize(&base.join(path)));
        if !written.as_deref().is_ok_and(inside) {
            return Err(Unreadable::Outside);
        }
        let joined = super::eval::normalize(&root.join(path));
        let canonical = joined.canonicalize().map_err(|_| Unreadable::Missing)?;
        if inside(&canonical) {
            Ok(canonical)
        } else {
            Err(Unreadable::Outside)
        }
    }

    /// Says that a file function was refused a path outside the tree: a warning at the
    /// line that writes the path when it is written as a literal in the module (the
    /// expression itself carries no position), else on the module's directory.
    fn refused_read(&mut self, ctx: Ctx, name: &str, path: &str) {
        let message = format!(
            "{name}(\"{path}\") not read: outside the scanned module directories (its value is unknown)"
        );
        let dir = self
            .instances
            .get(ctx.inst)
            .map(|i| i.config.dir.clone())
            .unwrap_or_default();
        let quoted = format!("\"{path}\"");
        let written = self.files.sources.iter().enumerate().find_map(|(i, s)| {
            let own = s.path.parent().is_some_and(|p| p == dir);
            let at = s.text.find(&quoted).filter(|_| own)?;
            Some((i, crate::source::Span::new(at, at + quoted.len())))
        });
        match written {
            Some((file, span)) => self.sink.warning_once(file, span, message),
            None => self.sink.warning_in_once(&dir, message),
        }
    }
}

/// Why `file()` did not read a path.
enum Unreadable {
    Missing,
    Outside,
}

fn render_with(
    this: &mut Evaluator,
    ctx: Ctx,
    scope: &Scope<'_>,
    rest: &mut Vec<(String, Value)>,
    template: &hcl::Template,
) -> Value {
    match rest.pop() {
        None => this.template(ctx, scope, template),
        Some((name, value)) => {
            let inner = scope.bind(name, value, std::rc::Rc::default());
            render_with(this, ctx, &inner, rest, template)
        }
    }
}

/// A file `file()` reads, whole or not at all: a file past the limit is an error (the
/// value is unknown), never its first part read as if it were all of it.
fn read_limited(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::other(format!(
            "larger than the {} MiB palisade reads through file functions",
            MAX_FILE_BYTES >> 20
        )));
    }
    String::from_utf8(bytes).map_err(|_| std::io::Error::other("not UTF-8 text"))
}

fn contains_error(value: &Value) -> bool {
    match value {
        Value::Unknown(_) => values::is_error(value),
        Value::List(items) => items.iter().any(contains_error),
        Value::Map(map) => map.values().any(contains_error),
        _ => false,
    }
}

fn not_evaluated(name: &str) -> Value {
    values::unknown(format!("{name}() is not evaluated"), BTreeSet::new())
}

fn str_arg(args: &[Value], i: usize) -> Option<String> {
    args.get(i).and_then(values::as_string)
}

fn num_arg(args: &[Value], i: usize) -> Option<f64> {
    args.get(i).and_then(values::as_f64)
}

/// Functions of plain values.
pub fn apply(name: &str, args: Vec<Value>) -> Value {
    // Functions that keep known parts of partly unknown arguments.
    match name {
        "concat" => return concat(args),
        "merge" => return merge(args),
        "length" => return length(&args),
        "tolist" | "toset" | "tomap" | "sensitive" | "nonsensitive" | "tuple" | "list" | "map" => {
            return match (name, args.into_iter().next()) {
                ("toset", Some(Value::List(mut items)))
                    if !items.iter().any(Value::contains_unknown) =>
                {
                    values::dedup(&mut items);
                    Value::List(items)
                }
                (_, Some(v)) => v,
                (_, None) => values::error(format!("{name} needs an argument")),
            };
        }
        "lookup" => return lookup(args),
        "coalesce" => {
            for arg in &args {
                match arg {
                    Value::Unknown(_) => return values::derived_unknown(&args),
                    Value::Null => continue,
                    Value::String(s) if s.is_empty() => continue,
                    other => return other.clone(),
                }
            }
            return values::error("coalesce: no non-null argument");
        }
        "coalescelist" => {
            for arg in &args {
                match arg {
                    Value::Unknown(_) => return values::derived_unknown(&args),
                    Value::List(items) if !items.is_empty() => return arg.clone(),
                    _ => continue,
                }
            }
            return values::error("coalescelist: no non-empty list");
        }
        "element" => {
            if let (Some(Value::List(items)), Some(i)) = (args.first(), num_arg(&args, 1)) {
                if items.is_empty() {
                    return values::error("element of an empty list");
                }
                let index = (i.max(0.0) as usize) % items.len();
                return items.get(index).cloned().unwrap_or(Value::Null);
            }
        }
        "keys" => {
            if let Some(Value::Map(map)) = args.first() {
                return Value::List(
                    map.keys()
                        .filter(|k| *k != MARK)
                        .map(|k| Value::String(k.clone()))
                        .collect(),
                );
            }
        }
        "values" => {
            if let Some(Value::Map(map)) = args.first() {
                return Value::List(
                    map.iter()
                        .filter(|(k, _)| *k != MARK)
                        .map(|(_, v)| v.clone())
                        .collect(),
                );
            }
        }
        "flatten" => {
            if let Some(Value::List(items)) = args.first() {
                let mut out = Vec::new();
                flatten_into(items, &mut out);
                return Value::List(out);
            }
        }
        "compact" => {
            if let Some(Value::List(items)) = args.first() {
                if items.iter().all(|i| !i.is_unknown()) {
                    return Value::List(
                        items
                            .iter()
                            .filter(|i| !matches!(i, Value::Null) && i.as_str() != Some(""))
                            .cloned()
                            .collect(),
                    );
                }
            }
        }
        "slice" => {
            if let (Some(Value::List(items)), Some(from), Some(to)) =
                (args.first(), num_arg(&args, 1), num_arg(&args, 2))
            {
                return items.get(from as usize..to as usize).map_or_else(
                    || values::error("slice out of range"),
                    |s| Value::List(s.to_vec()),
                );
            }
        }
        "reverse" => {
            if let Some(Value::List(items)) = args.first() {
                return Value::List(items.iter().rev().cloned().collect());
            }
        }
        "one" => {
            if let Some(Value::List(items)) = args.first() {
                return match items.as_slice() {
                    [] => Value::Null,
                    [one] => one.clone(),
                    _ => values::error("one() of a list with more than one element"),
                };
            }
        }
        "zipmap" => {
            if let (Some(Value::List(keys)), Some(Value::List(vals))) = (args.first(), args.get(1))
            {
                if keys.iter().all(|k| !k.is_unknown()) {
                    let mut map = Map::new();
                    for (k, v) in keys.iter().zip(vals) {
                        if let Some(k) = values::as_string(k) {
                            map.insert(k, v.clone());
                        }
                    }
                    return Value::Map(map);
                }
            }
        }
        "contains" => {
            if let (Some(Value::List(items)), Some(needle)) = (args.first(), args.get(1)) {
                let mut undecided = false;
                for item in items {
                    match values::equal(item, needle) {
                        Some(true) => return Value::Bool(true),
                        None => undecided = true,
                        Some(false) => {}
                    }
                }
                if !undecided {
                    return Value::Bool(false);
                }
            }
        }
        "jsonencode" => {
            return match args
                .first()
                .map(|v| values::to_json(&values::strip_marks(v.clone())))
            {
                Some(Some(json)) => Value::String(json.to_string()),
                Some(None) => match (values::derived_unknown(&args), args.first()) {
                    (Value::Unknown(mut u), Some(encoded)) => {
                        u.encoded = Some(Box::new(values::strip_marks(encoded.clone())));
                        Value::Unknown(u)
                    }
                    (other, _) => other,
                },
                None => values::error("jsonencode needs an argument"),
            };
        }
        _ => {}
    }
    // Everything else needs fully known arguments.
    if args.iter().any(Value::contains_unknown) {
        return values::derived_unknown(&args);
    }
    strict(name, &args)
}

fn strict(name: &str, args: &[Value]) -> Value {
    let s = |i| str_arg(args, i);
    let n = |i| num_arg(args, i);
    let bad = || values::error(format!("{name}: invalid arguments"));
    match name {
        "lower" => s(0).map_or_else(bad, |v| Value::String(v.to_lowercase())),
        "upper" => s(0).map_or_else(bad, |v| Value::String(v.to_uppercase())),
        "title" => s(0).map_or_else(bad, |v| Value::String(title(&v))),
        "trimspace" => s(0).map_or_else(bad, |v| Value::String(v.trim().to_owned())),
        "trim" => match (s(0), s(1)) {
            (Some(v), Some(cut)) => Value::String(v.trim_matches(|c| cut.contains(c)).to_owned()),
            _ => bad(),
        },
        "trimprefix" => match (s(0), s(1)) {
            (Some(v), Some(p)) => {
                Value::String(v.strip_prefix(p.as_str()).unwrap_or(&v).to_owned())
            }
            _ => bad(),
        },
        "trimsuffix" => match (s(0), s(1)) {
            (Some(v), Some(p)) => {
                Value::String(v.strip_suffix(p.as_str()).unwrap_or(&v).to_owned())
            }
            _ => bad(),
        },
        "startswith" => match (s(0), s(1)) {
            (Some(v), Some(p)) => Value::Bool(v.starts_with(&p)),
            _ => bad(),
        },
        "endswith" => match (s(0), s(1)) {
            (Some(v), Some(p)) => Value::Bool(v.ends_with(&p)),
            _ => bad(),
        },
        "strcontains" => match (s(0), s(1)) {
            (Some(v), Some(p)) => Value::Bool(v.contains(&p)),
            _ => bad(),
        },
        "substr" => match (s(0), n(1), n(2)) {
            (Some(v), Some(offset), Some(len)) => {
                let chars: Vec<char> = v.chars().collect();
                let start = if offset < 0.0 {
                    chars.len().saturating_sub((-offset) as usize)
                } else {
                    offset as usize
                };
                let end = if len < 0.0 {
                    chars.len()
                } else {
                    (start + len as usize).min(chars.len())
                };
                Value::String(
                    chars
                        .get(start.min(chars.len())..end.max(start.min(chars.len())))
                        .unwrap_or_default()
                        .iter()
                        .collect(),
                )
            }
            _ => bad(),
        },
        "replace" => match (s(0), s(1), s(2)) {
            (Some(v), Some(from), Some(to)) => {
                if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
                    let pattern = from.get(1..from.len() - 1).unwrap_or_default();
                    match regex::Regex::new(pattern) {
                        Ok(re) => Value::String(
                            re.replace_all(&v, to.replace("$", "$$").replace("$${", "${").as_str())
                                .into_owned(),
                        ),
                        Err(e) => values::error(format!("replace: invalid pattern: {e}")),
                    }
                } else {
                    Value::String(v.replace(&from, &to))
                }
            }
            _ => bad(),
        },
        "regex" | "regexall" => match (s(0), s(1)) {
            (Some(pattern), Some(text)) => match regex::Regex::new(&pattern) {
                Ok(re) => regex_result(name, &re, &text),
                Err(e) => values::error(format!("{name}: invalid pattern: {e}")),
            },
            _ => bad(),
        },
        "split" => match (s(0), s(1)) {
            (Some(sep), Some(v)) => Value::List(v.split(sep.as_str()).map(Value::from).collect()),
            _ => bad(),
        },
        "join" => match (s(0), args.get(1)) {
            (Some(sep), Some(_)) => {
                let mut parts = Vec::new();
                for list in args.iter().skip(1) {
                    match list {
                        Value::List(items) => {
                            for item in items {
                                match values::as_string(item) {
                                    Some(p) => parts.push(p),
                                    None => return bad(),
                                }
                            }
                        }
                        _ => return bad(),
                    }
                }
                Value::String(parts.join(&sep))
            }
            _ => bad(),
        },
        "format" => match s(0) {
            Some(fmt) => format(&fmt, args.get(1..).unwrap_or_default()),
            None => bad(),
        },
        "formatlist" => match (s(0), args.get(1..)) {
            (Some(fmt), Some(rest)) => {
                let len = rest
                    .iter()
                    .filter_map(Value::as_list)
                    .map(<[Value]>::len)
                    .max()
                    .unwrap_or(0);
                let mut out = Vec::with_capacity(len);
                for i in 0..len {
                    let row: Vec<Value> = rest
                        .iter()
                        .map(|a| match a {
                            Value::List(items) => items.get(i).cloned().unwrap_or(Value::Null),
                            other => other.clone(),
                        })
                        .collect();
                    out.push(format(&fmt, &row));
                }
                Value::List(out)
            }
            _ => bad(),
        },
        "tostring" => args
            .first()
            .and_then(values::as_string)
            .map_or_else(bad, Value::String),
        "tonumber" => n(0).map_or_else(bad, values::number),
        "tobool" => args
            .first()
            .and_then(values::as_bool)
            .map_or_else(bad, Value::Bool),
        "jsondecode" => match s(0).map(|t| serde_json::from_str::<serde_json::Value>(&t)) {
            Some(Ok(json)) => Value::from(&json),
            Some(Err(e)) => values::error(format!("jsondecode: {e}")),
            None => bad(),
        },
        "yamldecode" => match s(0).map(|t| yaml_serde::from_str::<serde_json::Value>(&t)) {
            Some(Ok(json)) => Value::from(&json),
            Some(Err(e)) => values::error(format!("yamldecode: {e}")),
            None => bad(),
        },
        "base64encode" => s(0).map_or_else(bad, |v| {
            Value::String(data_encoding::BASE64.encode(v.as_bytes()))
        }),
        "base64decode" => match s(0).map(|v| data_encoding::BASE64.decode(v.as_bytes())) {
            Some(Ok(bytes)) => String::from_utf8(bytes).map_or_else(|_| bad(), Value::String),
            _ => bad(),
        },
        "sha256" => s(0).map_or_else(bad, |v| {
            use sha2::Digest;
            Value::String(data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(v.as_bytes())))
        }),
        "range" => range(args),
        "distinct" => match args.first() {
            Some(Value::List(items)) => {
                let mut items = items.clone();
                values::dedup(&mut items);
                Value::List(items)
            }
            _ => bad(),
        },
        "sort" => match args.first() {
            Some(Value::List(items)) => {
                let mut strings: Vec<String> = items.iter().filter_map(values::as_string).collect();
                strings.sort();
                Value::List(strings.into_iter().map(Value::String).collect())
            }
            _ => bad(),
        },
        "index" => match (args.first(), args.get(1)) {
            (Some(Value::List(items)), Some(needle)) => items
                .iter()
                .position(|i| values::equal(i, needle) == Some(true))
                .map_or_else(
                    || values::error("index: not found"),
                    |i| values::int(i as i64),
                ),
            _ => bad(),
        },
        "max" | "min" => {
            let nums: Option<Vec<f64>> = args.iter().map(values::as_f64).collect();
            match nums {
                Some(nums) if !nums.is_empty() => values::number(nums.into_iter().fold(
                    if name == "max" { f64::MIN } else { f64::MAX },
                    |a, b| if name == "max" { a.max(b) } else { a.min(b) },
                )),
                _ => bad(),
            }
        }
        "sum" => match args.first() {
            Some(Value::List(items)) => items
                .iter()
                .map(values::as_f64)
                .sum::<Option<f64>>()
                .map_or_else(bad, values::number),
            _ => bad(),
        },
        "abs" => n(0).map_or_else(bad, |v| values::number(v.abs())),
        "ceil" => n(0).map_or_else(bad, |v| values::number(v.ceil())),
        "floor" => n(0).map_or_else(bad, |v| values::number(v.floor())),
        "signum" => n(0).map_or_else(bad, |v| {
            values::number(if v == 0.0 { 0.0 } else { v.signum() })
        }),
        "pow" => match (n(0), n(1)) {
            (Some(a), Some(b)) => values::number(a.powf(b)),
            _ => bad(),
        },
        "alltrue" | "anytrue" => match args.first() {
            Some(Value::List(items)) => {
                let bools: Option<Vec<bool>> = items.iter().map(values::as_bool).collect();
                bools.map_or_else(bad, |b| {
                    Value::Bool(if name == "alltrue" {
                        b.iter().all(|x| *x)
                    } else {
                        b.iter().any(|x| *x)
                    })
                })
            }
            _ => bad(),
        },
        "setunion" | "setintersection" | "setsubtract" => set_op(name, args),
        "chunklist" => match (args.first(), n(1)) {
            (Some(Value::List(items)), Some(size)) if size >= 1.0 => Value::List(
                items
                    .chunks(size as usize)
                    .map(|c| Value::List(c.to_vec()))
                    .collect(),
            ),
            _ => bad(),
        },
        "transpose" => match args.first() {
            Some(Value::Map(map)) => {
                let mut out: std::collections::BTreeMap<String, Vec<Value>> =
                    std::collections::BTreeMap::new();
                for (k, v) in map {
                    for item in v.as_list().unwrap_or_default() {
                        if let Some(item) = values::as_string(item) {
                            out.entry(item).or_default().push(Value::String(k.clone()));
                        }
                    }
                }
                Value::Map(out.into_iter().map(|(k, v)| (k, Value::List(v))).collect())
            }
            _ => bad(),
        },
        "cidrsubnet" => match (s(0), n(1), n(2)) {
            (Some(prefix), Some(newbits), Some(netnum)) => cidrsubnet(&prefix, newbits, netnum),
            _ => bad(),
        },
        "cidrhost" => match (s(0), n(1)) {
            (Some(prefix), Some(host)) => cidrhost(&prefix, host),
            _ => bad(),
        },
        "cidrnetmask" => match s(0).and_then(|p| p.parse::<ipnet::Ipv4Net>().ok()) {
            Some(net) => Value::String(net.netmask().to_string()),
            None => bad(),
        },
        "basename" => s(0).map_or_else(bad, |p| {
            Value::String(p.rsplit('/').next().unwrap_or_default().to_owned())
        }),
        "dirname" => s(0).map_or_else(bad, |p| {
            Value::String(p.rsplit_once('/').map_or(".", |(d, _)| d).to_owned())
        }),
        "timestamp" | "uuid" | "uuidv5" | "bcrypt" | "plantimestamp" | "pathexpand" | "abspath" => {
            not_evaluated(name)
        }
        _ => not_evaluated(name),
    }
}

fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at_start = true;
    for c in s.chars() {
        if at_start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_start = !c.is_alphanumeric();
    }
    out
}

fn regex_result(name: &str, re: &regex::Regex, text: &str) -> Value {
    let capture = |caps: regex::Captures<'_>| -> Value {
        let named: Vec<&str> = re.capture_names().flatten().collect();
        if !named.is_empty() {
            Value::Map(
                named
                    .iter()
                    .map(|n| {
                        (
                            (*n).to_owned(),
                            caps.name(n)
                                .map_or(Value::Null, |m| Value::from(m.as_str())),
                        )
                    })
                    .collect(),
            )
        } else if re.captures_len() > 1 {
            Value::List(
                (1..re.captures_len())
                    .map(|i| caps.get(i).map_or(Value::Null, |m| Value::from(m.as_str())))
                    .collect(),
            )
        } else {
            caps.get(0).map_or(Value::Null, |m| Value::from(m.as_str()))
        }
    };
    if name == "regex" {
        re.captures(text)
            .map_or_else(|| values::error("regex: no match"), capture)
    } else {
        Value::List(re.captures_iter(text).map(capture).collect())
    }
}

fn concat(args: Vec<Value>) -> Value {
    let mut out = Vec::new();
    for arg in &args {
        match arg {
            Value::List(items) => out.extend(items.iter().cloned()),
            Value::Unknown(_) => return values::derived_unknown(&args),
            _ => return values::error("concat needs lists"),
        }
    }
    Value::List(out)
}

fn merge(args: Vec<Value>) -> Value {
    let mut out = Map::new();
    for arg in &args {
        match arg {
            Value::Map(map) => {
                for (k, v) in map {
                    if k != MARK {
                        out.insert(k.clone(), v.clone());
                    }
                }
            }
            Value::Null => {}
            Value::Unknown(_) => return values::derived_unknown(&args),
            _ => return values::error("merge needs maps"),
        }
    }
    Value::Map(out)
}

fn length(args: &[Value]) -> Value {
    match args.first() {
        Some(Value::List(items)) => values::int(items.len() as i64),
        Some(Value::Map(map)) => values::int(map.keys().filter(|k| *k != MARK).count() as i64),
        Some(Value::String(s)) => values::int(s.chars().count() as i64),
        Some(v @ Value::Unknown(_)) => values::derived_unknown([v]),
        _ => values::error("length needs a collection or a string"),
    }
}

fn lookup(args: Vec<Value>) -> Value {
    match (args.first(), args.get(1)) {
        (Some(Value::Map(map)), Some(key)) => match values::as_string(key) {
            Some(k) => match map.get(&k) {
                Some(v) => v.clone(),
                None => args
                    .get(2)
                    .cloned()
                    .unwrap_or_else(|| values::error(format!("lookup: no key \"{k}\""))),
            },
            None => values::derived_unknown(&args),
        },
        _ => values::derived_unknown(&args),
    }
}

fn flatten_into(items: &[Value], out: &mut Vec<Value>) {
    for item in items {
        match item {
            Value::List(inner) => flatten_into(inner, out),
            other => out.push(other.clone()),
        }
    }
}

fn range(args: &[Value]) -> Value {
    let nums: Option<Vec<f64>> = args.iter().map(values::as_f64).collect();
    let (start, end, step) = match nums.as_deref() {
        Some([end]) => (0.0, *end, 1.0),
        Some([start, end]) => (*start, *end, if start <= end { 1.0 } else { -1.0 }),
        Some([start, end, step]) => (*start, *end, *step),
        _ => return values::error("range needs one to three numbers"),
    };
    if step == 0.0 {
        return values::error("range: step must not be zero");
    }
    let mut out = Vec::new();
    let mut x = start;
    while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
        if out.len() >= MAX_RANGE {
            return values::error(format!("range: more than {MAX_RANGE} elements"));
        }
        out.push(values::number(x));
        x += step;
    }
    Value::List(out)
}

fn set_op(name: &str, args: &[Value]) -> Value {
    let lists: Option<Vec<&[Value]>> = args.iter().map(Value::as_list).collect();
    let Some(lists) = lists else {
        return values::error(format!("{name} needs lists"));
    };
    let mut out: Vec<Value> = lists.first().map(|l| l.to_vec()).unwrap_or_default();
    for other in lists.iter().skip(1) {
        match name {
            "setunion" => out.extend(other.iter().cloned()),
            "setintersection" => {
                out.retain(|v| other.iter().any(|o| values::equal(o, v) == Some(true)))
            }
            _ => out.retain(|v| !other.iter().any(|o| values::equal(o, v) == Some(true))),
        }
    }
    values::dedup(&mut out);
    Value::List(out)
}

/// Go-style `format` verbs as Terraform supports them (`%s %d %v %q %f %t %%`, with an
/// optional precision for `%f`).
fn format(fmt: &str, args: &[Value]) -> Value {
    let mut out = String::new();
    let mut next = args.iter();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() || d == '.' || d == '-' || d == '+' || d == '#' || d == ' ' {
                spec.push(d);
                chars.next();
            } else {
                break;
            }
        }
        let Some(verb) = chars.next() else {
            return values::error("format: trailing %");
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = next.next() else {
            return values::error("format: too few arguments");
        };
        let text = match verb {
            's' | 'v' => match arg {
                Value::List(_) | Value::Map(_) => values::to_json(arg).map(|j| j.to_string()),
                other => values::as_string(other),
            },
            'q' => values::as_string(arg).map(|s| serde_json::Value::String(s).to_string()),
            'd' => values::as_f64(arg).map(|n| format!("{}", n.trunc() as i64)),
            'f' | 'g' | 'e' => values::as_f64(arg).map(|n| {
                match spec
                    .split_once('.')
                    .and_then(|(_, p)| p.parse::<usize>().ok())
                {
                    Some(precision) => format!("{n:.precision$}"),
                    None => format!("{n:.6}"),
                }
            }),
            't' => values::as_bool(arg).map(|b| b.to_string()),
            'x' => values::as_f64(arg).map(|n| format!("{:x}", n as i64)),
            _ => None,
        };
        let Some(text) = text else {
            return values::error(format!(
                "format: %{verb} cannot show {}",
                values::type_name(arg)
            ));
        };
        let width: usize = spec
            .trim_start_matches(['-', '+', '#', ' ', '0'])
            .split('.')
            .next()
            .and_then(|w| w.parse().ok())
            .unwrap_or(0);
        let pad = width.saturating_sub(text.chars().count());
        if spec.starts_with('-') {
            out.push_str(&text);
            out.extend(std::iter::repeat_n(' ', pad));
        } else {
            let fill = if spec.starts_with('0') { '0' } else { ' ' };
            out.extend(std::iter::repeat_n(fill, pad));
            out.push_str(&text);
        }
    }
    Value::String(out)
}

fn cidrsubnet(prefix: &str, newbits: f64, netnum: f64) -> Value {
    let Ok(net) = prefix.parse::<ipnet::IpNet>() else {
        return values::error(format!("cidrsubnet: invalid prefix {prefix}"));
    };
    let (bits, max) = match net {
        ipnet::IpNet::V4(_) => (32u32, 32u8),
        ipnet::IpNet::V6(_) => (128, 128),
    };
    let new_len = u32::from(net.prefix_len()) + newbits as u32;
    if newbits < 0.0 || new_len > u32::from(max) || netnum < 0.0 {
        return values::error("cidrsubnet: not enough address space");
    }
    let netnum = netnum as u128;
    if newbits > 0.0 && netnum >= (1u128 << (newbits as u32)) {
        return values::error("cidrsubnet: netnum out of range");
    }
    let shift = bits - new_len;
    match net {
        ipnet::IpNet::V4(v4) => {
            let base = u32::from(v4.network()) as u128;
            let address = base | (netnum << shift);
            let ip = std::net::Ipv4Addr::from(address as u32);
            Value::String(format!("{ip}/{new_len}"))
        }
        ipnet::IpNet::V6(v6) => {
            let base = u128::from(v6.network());
            let address = base | netnum.checked_shl(shift).unwrap_or(0);
            let ip = std::net::Ipv6Addr::from(address);
            Value::String(format!("{ip}/{new_len}"))
        }
    }
}

fn cidrhost(prefix: &str, host: f64) -> Value {
    let Ok(net) = prefix.parse::<ipnet::IpNet>() else {
        return values::error(format!("cidrhost: invalid prefix {prefix}"));
    };
    let host_bits = u32::from(net.max_prefix_len() - net.prefix_len());
    let size: u128 = 1u128.checked_shl(host_bits).unwrap_or(u128::MAX);
    let offset = if host < 0.0 {
        size.saturating_sub((-host) as u128)
    } else {
        host as u128
    };
    if offset >= size {
        return values::error("cidrhost: host number out of range");
    }
    match net {
        ipnet::IpNet::V4(v4) => Value::String(
            std::net::Ipv4Addr::from((u32::from(v4.network()) as u128 + offset) as u32).to_string(),
        ),
        ipnet::IpNet::V6(v6) => {
            Value::String(std::net::Ipv6Addr::from(u128::from(v6.network()) + offset).to_string())
        }
    }
}
