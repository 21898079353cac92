//! Evaluation of one root module and the local modules it calls, the way `terraform plan`
//! would before it asks any provider: variables, locals, resource and module references,
//! `count`/`for_each`, `dynamic` blocks, module inputs and outputs.
//!
//! Everything is evaluated on demand and remembered (`memo`), so declarations may appear
//! in any order and any file, as in Terraform; a declaration met again while it is still
//! being evaluated is a cycle, reported with its location, never a hang. What cannot be
//! known before apply (computed attributes, variables without a value, remote modules)
//! becomes [`Value::Unknown`], linked to the resources it derives from.
//!
//! Each attribute also records *where its value came from* when that is not the
//! attribute itself (a variable's default, a tfvars file, a module input, a local): the
//! evaluator keeps a trace of such notes while it evaluates one attribute.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::config::{is_local_source, Body, Expr, Mode, ModuleConfig, NestedBlock};
use super::values::{self, MARK};
use super::{Files, Sink};
use crate::model::value::Map;
use crate::model::{AttrPath, PathSegment, RawResource, Value};
use crate::source::Span;

/// How deep local module calls may nest: far beyond real configurations, and what stops a
/// module that calls itself.
pub const MAX_MODULE_DEPTH: usize = 16;
/// Most instances one `count`/`for_each` may expand to.
pub const MAX_INSTANCES: usize = 10_000;
/// Most module instances one scan unit may hold (a `for_each` over modules that call
/// modules with `for_each` multiplies).
pub const MAX_MODULE_INSTANCES: usize = 2_000;
/// How deeply expressions may nest while evaluated (through locals, outputs, calls).
pub const MAX_EVAL_DEPTH: usize = 200;
/// Most expressions one scan unit may evaluate. Each `for` and `range()` is bounded, but
/// nested they multiply (`[for i in range(100000) : [for j in range(100000) : j]]` is
/// 10^10). The largest unit among the fixtures and the reference platform takes about
/// 4,500 steps and builds under 10 KB; this is 400 times that, a few seconds at most.
pub const MAX_EVAL_STEPS: u64 = 2_000_000;
/// Most bytes of text one scan unit may build through templates and `for` elements
/// (a string copied into every element of a long `for`, or doubled through locals).
pub const MAX_BUILT_BYTES: u64 = 64 * 1024 * 1024;

/// Top-level arguments that are Terraform's, not the resource's.
const META_ARGUMENTS: &[&str] = &["count", "for_each", "provider", "depends_on"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];
/// A module call's arguments that are not inputs.
const MODULE_META: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

/// A variable's value in one module instance, with where it came from.
#[derive(Clone, Debug)]
pub struct VarValue {
    pub value: Value,
    pub note: Option<String>,
}

pub struct Instance {
    pub config: Rc<ModuleConfig>,
    /// `""` for the root, `module.app.` / `module.app["a"].` below it.
    pub prefix: String,
    pub vars: BTreeMap<String, VarValue>,
    /// `module.app (main.tf:12) → module.sg (modules/app/main.tf:5)`.
    pub chain: Option<String>,
    /// The `module` blocks that lead here, outermost first, as (file, span).
    pub call_sites: Vec<(usize, Span)>,
    pub depth: usize,
    /// The provider configurations it has from its caller.
    pub inherited: super::providers::Inherited,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Local(usize, usize),
    Resource(usize, usize),
    Module(usize, usize),
}

enum Slot {
    Busy,
    Done(Value, Rc<Vec<String>>),
}

/// What an expression is evaluated in: the module instance, and whether module-level
/// names are visible at all (`templatefile` and tfvars see only their own variables).
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    pub inst: usize,
    pub isolated: bool,
}

/// Names bound while evaluating: `count`, `each`, `for` variables, `dynamic` iterators,
/// `templatefile` variables. Each binding carries the notes of the value it was drawn
/// from, so `each.value` still says it came from `var.rules`.
pub struct Scope<'p> {
    parent: Option<&'p Scope<'p>>,
    name: String,
    value: Value,
    notes: Rc<Vec<String>>,
}

impl<'p> Scope<'p> {
    pub fn root() -> Scope<'static> {
        Scope {
            parent: None,
            name: String::new(),
            value: Value::Null,
            notes: Rc::default(),
        }
    }

    pub fn bind(
        &'p self,
        name: impl Into<String>,
        value: Value,
        notes: Rc<Vec<String>>,
    ) -> Scope<'p> {
        Scope {
            parent: Some(self),
            name: name.into(),
            value,
            notes,
        }
    }

    pub fn lookup(&self, name: &str) -> Option<(&Value, &Rc<Vec<String>>)> {
        let mut scope = Some(self);
        while let Some(s) = scope {
            if s.parent.is_some() && s.name == name {
                return Some((&s.value, &s.notes));
            }
            scope = s.parent;
        }
        None
    }
}

/// How many instances a resource or module call expands to.
enum Expansion {
    Single,
    Count(usize),
    ForEach(Vec<(String, Value)>),
    /// `count`/`for_each` unknown until apply: one instance at the bare address stands for
    /// every instance that may exist.
    Unknown(Value),
}

/// Evaluated attributes of one block body, with where each was written and where its
/// value came from.
#[derive(Default)]
pub struct Recorded {
    pub spans: BTreeMap<AttrPath, Span>,
    pub provenance: BTreeMap<AttrPath, String>,
}

pub struct Evaluator {
    pub files: Files,
    pub sink: Sink,
    pub instances: Vec<Instance>,
    memo: HashMap<Key, Slot>,
    configs: BTreeMap<PathBuf, Option<Rc<ModuleConfig>>>,
    /// Notes gathered while evaluating the current attribute.
    trace: Vec<String>,
    /// Resources produced, with (instance, declaration index, order) for a stable order.
    produced: Vec<((usize, usize, usize), RawResource)>,
    depth: usize,
    /// Expressions evaluated so far, and bytes of text built (see [`MAX_EVAL_STEPS`],
    /// [`MAX_BUILT_BYTES`]); once either is spent, every expression is an error.
    steps: u64,
    built: u64,
    spent: bool,
    /// When set, the account, partition and region data sources read as these values,
    /// as `terraform plan` reads them from the provider (see `plan_json`). A scan leaves
    /// them unknown: it does not know which account a configuration is applied to.
    pub account: Option<Account>,
    /// Each (instance, provider configuration)'s default tags, once evaluated.
    pub(super) provider_tags: HashMap<(usize, String), Option<Value>>,
}

/// The account a plan is rendered for.
#[derive(Clone, Debug)]
pub struct Account {
    pub account_id: String,
    pub partition: String,
    pub region: String,
}

impl Account {
    /// The attributes the provider's account, partition and region data sources return.
    fn data_source(&self, kind: &str) -> Option<Vec<(&'static str, String)>> {
        let dns_suffix = if self.partition == "aws-cn" {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        };
        Some(match kind {
            "aws_caller_identity" => vec![
                ("account_id", self.account_id.clone()),
                ("id", self.account_id.clone()),
                (
                    "arn",
                    format!(
                        "arn:{}:sts::{}:assumed-role/terraform/plan",
                        self.partition, self.account_id
                    ),
                ),
                ("user_id", "AROAPLANRENDERER:plan".into()),
            ],
            "aws_partition" => vec![
                ("partition", self.partition.clone()),
                ("id", self.partition.clone()),
                ("dns_suffix", dns_suffix.into()),
                (
                    "reverse_dns_prefix",
                    dns_suffix.split('.').rev().collect::<Vec<_>>().join("."),
                ),
            ],
            "aws_region" => vec![
                ("name", self.region.clone()),
                ("region", self.region.clone()),
                ("id", self.region.clone()),
                ("endpoint", format!("ec2.{}.{dns_suffix}", self.region)),
                ("description", self.region.clone()),
            ],
            _ => return None,
        })
    }
}

impl Evaluator {
    pub fn new(files: Files, sink: Sink) -> Self {
        Evaluator {
            files,
            sink,
            instances: Vec::new(),
            memo: HashMap::new(),
            configs: BTreeMap::new(),
            trace: Vec::new(),
            produced: Vec::new(),
            depth: 0,
            steps: 0,
            built: 0,
            spent: false,
            account: None,
            provider_tags: HashMap::new(),
        }
    }

    /// Reads the module in `dir` once; `None` when it has no Terraform files.
    pub fn module_config(&mut self, dir: &Path) -> Option<Rc<ModuleConfig>> {
        if let Some(known) = self.configs.get(dir) {
            return known.clone();
        }
        let config = super::read_module(dir, &mut self.files, &mut self.sink).map(Rc::new);
        self.configs.insert(dir.to_path_buf(), config.clone());
        config
    }

    pub fn add_root(&mut self, config: Rc<ModuleConfig>) -> usize {
        self.instances.push(Instance {
            config,
            prefix: String::new(),
            vars: BTreeMap::new(),
            chain: None,
            call_sites: Vec::new(),
            depth: 0,
            inherited: super::providers::Inherited::None,
        });
        self.instances.len() - 1
    }

    /// Evaluates every resource of every module instance reachable from the root, and
    /// returns them in declaration order (module instances in the order they were met).
    pub fn run(mut self) -> (Vec<RawResource>, Files, Sink) {
        let produced = self.evaluate_all();
        (
            produced.into_iter().map(|(_, r)| r).collect(),
            self.files,
            self.sink,
        )
    }

    /// Evaluates everything reachable from the root; each resource comes with its module
    /// instance, declaration index and order within the declaration.
    pub fn evaluate_all(&mut self) -> Vec<((usize, usize, usize), RawResource)> {
        let mut i = 0;
        while i < self.instances.len() {
            let Some(config) = self.instances.get(i).map(|inst| inst.config.clone()) else {
                break;
            };
            for r in 0..config.resources.len() {
                self.resource_value(i, r);
            }
            for m in 0..config.modules.len() {
                self.module_value(i, m);
            }
            // Locals nobody reads still get evaluated, so their errors are reported.
            for l in 0..config.locals.len() {
                self.local_value(i, l);
            }
            i += 1;
        }
        let mut produced = std::mem::take(&mut self.produced);
        produced.sort_by_key(|(order, _)| *order);
        produced
    }

    fn config_of(&self, inst: usize) -> Option<Rc<ModuleConfig>> {
        self.instances.get(inst).map(|i| i.config.clone())
    }

    /// `main.tf:12`: where a span is, short, for notes.
    pub fn at(&self, file: usize, span: Span) -> String {
        self.files.short_location(file, span)
    }

    // --- memoised declarations -------------------------------------------------------

    fn begin(&mut self, key: Key) -> Result<(), Value> {
        match self.memo.get(&key) {
            Some(Slot::Done(value, notes)) => {
                self.trace.extend(notes.iter().cloned());
                Err(value.clone())
            }
            Some(Slot::Busy) => Err(values::error("cycle")),
            None => {
                self.memo.insert(key, Slot::Busy);
                Ok(())
            }
        }
    }

    fn finish(&mut self, key: Key, value: Value, notes: Vec<String>) -> Value {
        let notes = Rc::new(notes);
        self.trace.extend(notes.iter().cloned());
        self.memo.insert(key, Slot::Done(value.clone(), notes));
        value
    }

    pub fn local_value_by_name(&mut self, inst: usize, name: &str) -> Option<Value> {
        let config = self.config_of(inst)?;
        let index = config.locals.keys().position(|k| k == name)?;
        Some(self.local_value(inst, index))
    }

    fn local_value(&mut self, inst: usize, index: usize) -> Value {
        let key = Key::Local(inst, index);
        if let Err(value) = self.begin(key) {
            if values::is_error(&value) && matches!(self.memo.get(&key), Some(Slot::Busy)) {
                return self.cycle(inst, key);
            }
            return value;
        }
        let Some(config) = self.config_of(inst) else {
            return values::error("no module instance");
        };
        let Some((name, expr)) = config.locals.iter().nth(index) else {
            return values::error("no such local");
        };
        let saved = std::mem::take(&mut self.trace);
        let value = self.eval(
            Ctx {
                inst,
                isolated: false,
            },
            &Scope::root(),
            &expr.expr,
        );
        let inner = std::mem::replace(&mut self.trace, saved);
        let mut note = format!("local.{name} at {}", self.at(expr.file, expr.span));
        if !inner.is_empty() {
            note.push_str(" ← ");
            note.push_str(&join_notes(&inner));
        }
        self.finish(key, value, vec![note])
    }

    /// A resource or module met again while it is being evaluated. Terraform orders
    /// evaluation per attribute and per output, so a module whose input reads another
    /// module's output that reads the first module's *other* output is no cycle there;
    /// here evaluation goes per resource and per module call, so the inner reference reads
    /// the declaration as a shell: every attribute or output unknown, still linked to the
    /// resource. Honest, if less precise; nothing is reported.
    fn shell(&self, inst: usize, key: Key) -> Value {
        let Some(config) = self.config_of(inst) else {
            return values::error("no module instance");
        };
        let prefix = self
            .instances
            .get(inst)
            .map(|i| i.prefix.as_str())
            .unwrap_or_default();
        let mut refs = BTreeSet::new();
        let what = match key {
            Key::Resource(_, i) => match config.resources.get(i) {
                Some(r) => {
                    let address = format!("{prefix}{}", r.base_address());
                    refs.insert(address.clone());
                    address
                }
                None => return values::error("no such resource"),
            },
            Key::Module(_, i) => match config.modules.get(i) {
                Some(m) => format!("{prefix}module.{}", m.name),
                None => return values::error("no such module call"),
            },
            Key::Local(..) => return values::error("cycle"),
        };
        values::unknown(
            format!("{what} (evaluated while it refers back to itself)"),
            refs,
        )
    }

    /// A declaration met again while it is being evaluated: Terraform rejects the
    /// configuration; here the value is unknown and the cycle is reported once.
    fn cycle(&mut self, inst: usize, key: Key) -> Value {
        let Some(config) = self.config_of(inst) else {
            return values::error("cycle");
        };
        let (what, file, span) = match key {
            Key::Local(_, i) => match config.locals.iter().nth(i) {
                Some((name, e)) => (format!("local.{name}"), e.file, e.span),
                None => return values::error("cycle"),
            },
            Key::Resource(_, i) => match config.resources.get(i) {
                Some(r) => (r.base_address(), r.file, r.span),
                None => return values::error("cycle"),
            },
            Key::Module(_, i) => match config.modules.get(i) {
                Some(m) => (format!("module.{}", m.name), m.file, m.span),
                None => return values::error("cycle"),
            },
        };
        let message = format!("{what} refers to itself (a reference cycle); its value is unknown");
        self.sink.error_once(file, span, message);
        values::error(format!("{what} is part of a reference cycle"))
    }

    /// The value a reference to resource `index` of instance `inst` reads: an object
    /// (one instance), a list (`count`) or a map (`for_each`) of objects.
    pub fn resource_value(&mut self, inst: usize, index: usize) -> Value {
        let key = Key::Resource(inst, index);
        if let Err(value) = self.begin(key) {
            if values::is_error(&value) && matches!(self.memo.get(&key), Some(Slot::Busy)) {
                return self.shell(inst, key);
            }
            return value;
        }
        let saved = std::mem::take(&mut self.trace);
        let value = self.expand_resource(inst, index);
        self.trace = saved;
        self.finish(key, value, Vec::new())
    }

    fn expand_resource(&mut self, inst: usize, index: usize) -> Value {
        let Some(config) = self.config_of(inst) else {
            return values::error("no module instance");
        };
        let Some(decl) = config.resources.get(index) else {
            return values::error("no such resource");
        };
        let prefix = self
            .instances
            .get(inst)
            .map(|i| i.prefix.clone())
            .unwrap_or_default();
        let chain = self.instances.get(inst).and_then(|i| i.chain.clone());
        let call_sites = self
            .instances
            .get(inst)
            .map(|i| i.call_sites.clone())
            .unwrap_or_default();
        let base = format!("{prefix}{}", decl.base_address());
        let ctx = Ctx {
            inst,
            isolated: false,
        };
        let (expansion, expansion_notes) =
            self.expansion(ctx, &decl.body, &base, decl.file, decl.span);
        let expansion_notes = Rc::new(expansion_notes);
        let mut order = 0usize;
        let build = |this: &mut Self, scope: &Scope<'_>, address: String| -> Value {
            let mut recorded = Recorded::default();
            let mut attrs =
                this.eval_body(ctx, scope, &decl.body, &mut Vec::new(), &mut recorded, true);
            if decl.mode == Mode::Data {
                let known = this
                    .account
                    .as_ref()
                    .and_then(|a| a.data_source(&decl.kind));
                for (name, value) in known.unwrap_or_default() {
                    attrs.entry(name.to_owned()).or_insert(Value::String(value));
                }
            }
            if decl.mode == Mode::Managed && !attrs.contains_key("tags_all") {
                let provider = decl
                    .body
                    .attr("provider")
                    .and_then(|e| super::providers::provider_ref(&e.expr));
                if let Some(tags_all) = this.tags_all(inst, &decl.kind, provider, &attrs) {
                    attrs.insert("tags_all".into(), tags_all);
                }
            }
            if decl.mode == Mode::Data && decl.kind == "aws_iam_policy_document" {
                let json = super::policy_doc::render(&attrs, &address);
                attrs.insert("minified_json".into(), json.clone());
                attrs.insert("json".into(), json);
            }
            let mut object = attrs.clone();
            object.insert(MARK.into(), Value::String(address.clone()));
            let mut raw = RawResource::new(
                address,
                decl.kind.clone(),
                values::strip_marks(Value::Map(attrs)),
                decl.span,
            );
            raw.file = decl.file;
            raw.attribute_spans = recorded.spans;
            raw.provenance = recorded.provenance;
            raw.module_chain = chain.clone();
            raw.call_sites = call_sites.clone();
            this.produced.push(((inst, index, order), raw));
            order += 1;
            Value::Map(object)
        };
        match self.instances(expansion, &expansion_notes, &base, build) {
            Ok(value) => value,
            Err(_) => {
                let mut refs = BTreeSet::new();
                refs.insert(base.clone());
                values::unknown(format!("{base} has an unknown number of instances"), refs)
            }
        }
    }

    /// Builds every instance a `count`/`for_each` asks for, each in a scope binding
    /// `count.index` or `each.key`/`each.value`, and returns them as Terraform exposes
    /// them: the value itself, a list (count) or a map (for_each). Resources and module
    /// calls expand the same way, so they share this. When the expansion is unknown, the
    /// one instance at the bare address is still built (it stands for every instance
    /// that may exist) and `Err` carries why the number of instances is unknown.
    fn instances(
        &mut self,
        expansion: Expansion,
        notes: &Rc<Vec<String>>,
        base: &str,
        mut build: impl FnMut(&mut Self, &Scope<'_>, String) -> Value,
    ) -> Result<Value, Value> {
        let root = Scope::root();
        match expansion {
            Expansion::Single => Ok(build(self, &root, base.to_owned())),
            Expansion::Count(n) => {
                let mut out = Vec::with_capacity(n);
                for i in 0..n {
                    let count =
                        Value::Map(Map::from([("index".to_owned(), values::int(i as i64))]));
                    let scope = root.bind("count", count, notes.clone());
                    out.push(build(self, &scope, format!("{base}[{i}]")));
                }
                Ok(Value::List(out))
            }
            Expansion::ForEach(items) => {
                let mut out = Map::new();
                for (k, v) in items {
                    let each = Value::Map(Map::from([
                        ("key".to_owned(), Value::String(k.clone())),
                        ("value".to_owned(), v),
                    ]));
                    let scope = root.bind("each", each, notes.clone());
                    let address = format!("{base}[{}]", quote_key(&k));
                    out.insert(k, build(self, &scope, address));
                }
                Ok(Value::Map(out))
            }
            Expansion::Unknown(why) => {
                let count = Value::Map(Map::from([("index".to_owned(), why.clone())]));
                let each = Value::Map(Map::from([
                    ("key".to_owned(), why.clone()),
                    ("value".to_owned(), why.clone()),
                ]));
                let scope_count = root.bind("count", count, notes.clone());
                let scope = scope_count.bind("each", each, notes.clone());
                build(self, &scope, base.to_owned());
                Err(why)
            }
        }
    }

    /// Reads `count`/`for_each` of a body. Problems are reported at the argument.
    fn expansion(
        &mut self,
        ctx: Ctx,
        body: &Body,
        address: &str,
        file: usize,
        span: Span,
    ) -> (Expansion, Vec<String>) {
        let count = body.attr("count");
        let for_each = body.attr("for_each");
        if let (Some(_), Some(e)) = (count, for_each) {
            self.sink.error(
                e.file,
                e.span,
                format!("{address}: count and for_each cannot both be set; for_each is ignored"),
            );
        }
        let saved = std::mem::take(&mut self.trace);
        let result = if let Some(e) = count {
            let value = self.eval(ctx, &Scope::root(), &e.expr);
            match value {
                Value::Unknown(_) => {
                    Expansion::Unknown(self.unknown_expansion(address, "count", &value, file, span))
                }
                Value::Null => Expansion::Single,
                other => match values::as_f64(&other) {
                    Some(n) if n >= 0.0 && n.fract() == 0.0 => {
                        let n = n as usize;
                        if n > MAX_INSTANCES {
                            self.sink.error(e.file, e.span, format!("{address}: count = {n} is more than palisade expands ({MAX_INSTANCES}); the first {MAX_INSTANCES} are scanned"));
                        }
                        Expansion::Count(n.min(MAX_INSTANCES))
                    }
                    _ => {
                        self.sink.error(
                            e.file,
                            e.span,
                            format!(
                                "{address}: count must be a whole number, not {}",
                                values::type_name(&other)
                            ),
                        );
                        Expansion::Single
                    }
                },
            }
        } else if let Some(e) = for_each {
            let value = self.eval(ctx, &Scope::root(), &e.expr);
            match value {
                Value::Map(map) => {
                    let items: Vec<(String, Value)> =
                        map.into_iter().filter(|(k, _)| k != MARK).collect();
                    self.capped(items, address, e)
                }
                Value::List(items) if items.iter().any(Value::is_unknown) => {
                    let why = values::derived_unknown(&items);
                    Expansion::Unknown(
                        self.unknown_expansion(address, "for_each", &why, file, span),
                    )
                }
                Value::List(items) => {
                    let mut keyed = Vec::new();
                    for item in items {
                        match values::as_string(&item) {
                            Some(k) => keyed.push((k.clone(), Value::String(k))),
                            None => {
                                self.sink.error(e.file, e.span, format!("{address}: for_each over a list needs strings (a set of strings), not {}", values::type_name(&item)));
                            }
                        }
                    }
                    keyed.sort_by(|a, b| a.0.cmp(&b.0));
                    keyed.dedup_by(|a, b| a.0 == b.0);
                    self.capped(keyed, address, e)
                }
                Value::Unknown(_) => Expansion::Unknown(
                    self.unknown_expansion(address, "for_each", &value, file, span),
                ),
                Value::Null => {
                    self.sink
                        .error(e.file, e.span, format!("{address}: for_each is null"));
                    Expansion::ForEach(Vec::new())
                }
                other => {
                    self.sink.error(
                        e.file,
                        e.span,
                        format!(
                            "{address}: for_each needs a map or a set of strings, not {}",
                            values::type_name(&other)
                        ),
                    );
                    Expansion::Single
                }
            }
        } else {
            Expansion::Single
        };
        let notes = std::mem::replace(&mut self.trace, saved);
        (result, dedup_notes(notes))
    }

    fn capped(&mut self, mut items: Vec<(String, Value)>, address: &str, e: &Expr) -> Expansion {
        if items.len() > MAX_INSTANCES {
            self.sink.error(e.file, e.span, format!("{address}: for_each has {} elements, more than palisade expands ({MAX_INSTANCES}); the first {MAX_INSTANCES} are scanned", items.len()));
            items.truncate(MAX_INSTANCES);
        }
        Expansion::ForEach(items)
    }

    fn unknown_expansion(
        &mut self,
        address: &str,
        what: &str,
        value: &Value,
        file: usize,
        span: Span,
    ) -> Value {
        let why = value
            .as_unknown()
            .map(|u| u.origin.clone())
            .unwrap_or_default();
        self.sink.note(
            file,
            span,
            format!("{address}: {what} is unknown until apply ({why}); scanned as one instance standing for every instance that may exist"),
        );
        let mut refs = BTreeSet::new();
        values::refs(value, &mut refs);
        values::unknown(format!("{what} of {address} is unknown until apply"), refs)
    }

    // --- block bodies ------------------------------------------------------------------

    /// Evaluates a block body into a map of arguments, nested blocks as lists of maps
    /// (the shape plans have), recording spans and provenance below `path`.
    pub fn eval_body(
        &mut self,
        ctx: Ctx,
        scope: &Scope<'_>,
        body: &Body,
        path: &mut AttrPath,
        recorded: &mut Recorded,
        top: bool,
    ) -> Map {
        let mut out = Map::new();
        for (name, expr) in &body.attrs {
            if top && META_ARGUMENTS.contains(&name.as_str()) {
                continue;
            }
            path.push(PathSegment::Key(name.clone()));
            let saved = std::mem::take(&mut self.trace);
            let value = self.eval(ctx, scope, &expr.expr);
            let notes = std::mem::replace(&mut self.trace, saved);
            recorded.spans.insert(path.clone(), expr.span);
            if !notes.is_empty() {
                recorded.provenance.insert(path.clone(), join_notes(&notes));
            }
            path.pop();
            out.insert(name.clone(), value);
        }
        // Blocks of one type, in source order; `None` once a dynamic block of that type
        // has an unknown for_each (how many blocks there are is then unknown).
        let mut lists: BTreeMap<String, Result<Vec<Value>, Value>> = BTreeMap::new();
        for block in &body.blocks {
            if top && META_BLOCKS.contains(&block.kind.as_str()) {
                continue;
            }
            if block.kind == "dynamic" {
                self.dynamic_block(ctx, scope, block, path, recorded, &mut lists);
                continue;
            }
            let slot = lists
                .entry(block.kind.clone())
                .or_insert_with(|| Ok(Vec::new()));
            let Ok(items) = slot else { continue };
            let index = items.len();
            path.push(PathSegment::Key(block.kind.clone()));
            path.push(PathSegment::Index(index));
            recorded.spans.insert(path.clone(), block.span);
            let value = self.eval_body(ctx, scope, &block.body, path, recorded, false);
            path.pop();
            path.pop();
            if let Some(Ok(items)) = lists.get_mut(&block.kind) {
                items.push(Value::Map(value));
            }
        }
        for (kind, items) in lists {
            out.insert(kind, items.map_or_else(|unknown| unknown, Value::List));
        }
        out
    }

    fn dynamic_block(
        &mut self,
        ctx: Ctx,
        scope: &Scope<'_>,
        block: &NestedBlock,
        path: &mut AttrPath,
        recorded: &mut Recorded,
        lists: &mut BTreeMap<String, Result<Vec<Value>, Value>>,
    ) {
        let Some(kind) = block.labels.first().cloned() else {
            self.sink.error(
                block.file,
                block.span,
                "a dynamic block needs a label: the type of block it generates",
            );
            return;
        };
        let iterator = match block.body.attr("iterator").map(|e| &e.expr) {
            Some(hcl::Expression::Variable(v)) => v.as_str().to_owned(),
            _ => kind.clone(),
        };
        let Some(content) = block.body.block("content") else {
            self.sink.error(
                block.file,
                block.span,
                format!("dynamic \"{kind}\" has no content block"),
            );
            return;
        };
        let Some(for_each) = block.body.attr("for_each") else {
            self.sink.error(
                block.file,
                block.span,
                format!("dynamic \"{kind}\" has no for_each"),
            );
            return;
        };
        let saved = std::mem::take(&mut self.trace);
        let collection = self.eval(ctx, scope, &for_each.expr);
        let notes = Rc::new(dedup_notes(std::mem::replace(&mut self.trace, saved)));
        let items: Vec<(Value, Value)> = match &collection {
            Value::List(items) if !items.iter().any(Value::is_unknown) => {
                values::pairs(&collection).unwrap_or_default()
            }
            Value::Map(_) => values::pairs(&collection).unwrap_or_default(),
            Value::Null => Vec::new(),
            Value::Unknown(_) | Value::List(_) => {
                let why = values::derived_unknown([&collection]);
                lists.insert(kind, Err(why));
                return;
            }
            other => {
                self.sink.error(
                    for_each.file,
                    for_each.span,
                    format!(
                        "dynamic \"{kind}\": for_each needs a collection, not {}",
                        values::type_name(other)
                    ),
                );
                return;
            }
        };
        for (key, value) in items {
            let slot = lists.entry(kind.clone()).or_insert_with(|| Ok(Vec::new()));
            let Ok(existing) = slot else { return };
            let index = existing.len();
            let binding = Value::Map(Map::from([
                ("key".to_owned(), key),
                ("value".to_owned(), value),
            ]));
            let inner = scope.bind(iterator.clone(), binding, notes.clone());
            path.push(PathSegment::Key(kind.clone()));
            path.push(PathSegment::Index(index));
            recorded.spans.insert(path.clone(), block.span);
            if !notes.is_empty() {
                recorded.provenance.insert(path.clone(), join_notes(&notes));
            }
            let value = self.eval_body(ctx, &inner, &content.body, path, recorded, false);
            path.pop();
            path.pop();
            if let Some(Ok(existing)) = lists.get_mut(&kind) {
                existing.push(Value::Map(value));
            }
        }
    }

    // --- module calls ------------------------------------------------------------------

    /// The value a reference to module call `index` of `inst` reads: an object of its
    /// outputs (or a list/map of them), evaluated once.
    pub fn module_value(&mut self, inst: usize, index: usize) -> Value {
        let key = Key::Module(inst, index);
        if let Err(value) = self.begin(key) {
            if values::is_error(&value) && matches!(self.memo.get(&key), Some(Slot::Busy)) {
                return self.shell(inst, key);
            }
            return value;
        }
        let saved = std::mem::take(&mut self.trace);
        let value = self.call_module(inst, index);
        self.trace = saved;
        self.finish(key, value, Vec::new())
    }

    fn call_module(&mut self, inst: usize, index: usize) -> Value {
        let Some(config) = self.config_of(inst) else {
            return values::error("no module instance");
        };
        let Some(call) = config.modules.get(index) else {
            return values::error("no such module call");
        };
        let (prefix, depth, chain, mut call_sites) = match self.instances.get(inst) {
            Some(i) => (
                i.prefix.clone(),
                i.depth,
                i.chain.clone(),
                i.call_sites.clone(),
            ),
            None => return values::error("no module instance"),
        };
        call_sites.push((call.file, call.span));
        let base = format!("{prefix}module.{}", call.name);
        let ctx = Ctx {
            inst,
            isolated: false,
        };
        let source_span = call.body.attr("source").map_or(call.span, |e| e.span);
        let Some(source) = call.source() else {
            self.sink.error(
                call.file,
                source_span,
                format!("{base}: the module source must be a literal string"),
            );
            self.eval_inputs_only(ctx, &call.body);
            return values::unknown(format!("{base}: module source unknown"), BTreeSet::new());
        };
        if !is_local_source(source) {
            self.sink.warning(
                call.file,
                source_span,
                format!("{base}: module source \"{source}\" not scanned (registry, VCS and archive sources are not fetched); its inputs are evaluated and its outputs are unknown"),
            );
            self.eval_inputs_only(ctx, &call.body);
            return values::unknown(
                format!("output of {base} (module source \"{source}\" not scanned)"),
                BTreeSet::new(),
            );
        }
        let dir = normalize(&config.dir.join(source));
        // `source = "../../../elsewhere"`: Terraform would read it; a scan reads only the
        // tree it was given, so a configuration cannot make it read the machine's other
        // directories. Refused, said where, like a link out of the tree. The written path
        // is judged before the file system is asked, so whether something exists out
        // there is not disclosed either; then the real one (a link inside the tree).
        if self.outside_tree(&config.dir, source) {
            self.sink.warning(
                call.file,
                source_span,
                format!("{base}: local module source \"{source}\" leads outside the scanned tree (the repository, or the scanned directory outside one): not read; its inputs are evaluated and its outputs are unknown"),
            );
            self.eval_inputs_only(ctx, &call.body);
            return values::unknown(
                format!("output of {base} (module source \"{source}\" outside the scanned tree, not read)"),
                BTreeSet::new(),
            );
        }
        if !dir.is_dir() {
            self.sink.error(
                call.file,
                source_span,
                format!("{base}: local module source \"{source}\" does not exist"),
            );
            return values::error(format!("module source {source} does not exist"));
        }
        if depth + 1 > MAX_MODULE_DEPTH {
            self.sink.error(call.file, call.span, format!("{base}: modules nest more than {MAX_MODULE_DEPTH} deep (does a module call itself?); not followed"));
            return values::error("module nesting too deep");
        }
        let Some(child_config) = self.module_config(&dir) else {
            self.sink.error(
                call.file,
                source_span,
                format!("{base}: local module source \"{source}\" holds no Terraform files"),
            );
            return values::error(format!("module source {source} is empty"));
        };
        let (expansion, expansion_notes) =
            self.expansion(ctx, &call.body, &base, call.file, call.span);
        let expansion_notes = Rc::new(expansion_notes);
        let here = self.at(call.file, call.span);
        // The chain names each call with its instance key, as addresses do.
        let chain_of = |address: &str| -> Option<String> {
            let own = address.strip_prefix(prefix.as_str()).unwrap_or(address);
            Some(match &chain {
                Some(parent) => format!("{parent} → {own} ({here})"),
                None => format!("{own} ({here})"),
            })
        };
        let instantiate = |this: &mut Self, scope: &Scope<'_>, address: String| -> Value {
            if this.instances.len() >= MAX_MODULE_INSTANCES {
                this.sink.error_once(call.file, call.span, format!("more than {MAX_MODULE_INSTANCES} module instances; {address} and later ones are not followed"));
                return values::error("too many module instances");
            }
            let vars = this.module_inputs(ctx, scope, call, &child_config, &address);
            this.instances.push(Instance {
                config: child_config.clone(),
                prefix: format!("{address}."),
                chain: chain_of(&address),
                call_sites: call_sites.clone(),
                vars,
                depth: depth + 1,
                inherited: super::providers::Inherited::From {
                    parent: inst,
                    map: super::providers::providers_map(&call.body),
                },
            });
            let child = this.instances.len() - 1;
            let mut outputs = Map::new();
            for (name, expr) in &child_config.outputs {
                let saved = std::mem::take(&mut this.trace);
                let value = this.eval(
                    Ctx {
                        inst: child,
                        isolated: false,
                    },
                    &Scope::root(),
                    &expr.expr,
                );
                this.trace = saved;
                outputs.insert(name.clone(), value);
            }
            Value::Map(outputs)
        };
        match self.instances(expansion, &expansion_notes, &base, instantiate) {
            Ok(value) => value,
            Err(why) => values::derived_unknown([&why]),
        }
    }

    /// A remote (or unreadable) module's inputs are still evaluated: a mistake in them is
    /// still reported, and they may reference resources that must be evaluated anyway.
    fn eval_inputs_only(&mut self, ctx: Ctx, body: &Body) {
        let saved = std::mem::take(&mut self.trace);
        for (name, expr) in &body.attrs {
            if !MODULE_META.contains(&name.as_str()) {
                self.eval(ctx, &Scope::root(), &expr.expr);
            }
        }
        self.trace = saved;
    }

    /// The child's variables: the call's arguments (evaluated in the caller), else the
    /// defaults, else unknown.
    fn module_inputs(
        &mut self,
        ctx: Ctx,
        scope: &Scope<'_>,
        call: &super::config::ModuleCall,
        child: &ModuleConfig,
        address: &str,
    ) -> BTreeMap<String, VarValue> {
        let mut given = BTreeMap::new();
        for (name, expr) in &call.body.attrs {
            if MODULE_META.contains(&name.as_str()) {
                continue;
            }
            let saved = std::mem::take(&mut self.trace);
            let value = self.eval(ctx, scope, &expr.expr);
            let inner = std::mem::replace(&mut self.trace, saved);
            let mut note = format!(
                "{address} input {name} at {}",
                self.at(expr.file, expr.span)
            );
            if !inner.is_empty() {
                note.push_str(" ← ");
                note.push_str(&join_notes(&inner));
            }
            if !child.variables.contains_key(name) {
                self.sink.warning(expr.file, expr.span, format!("{address}: the module declares no variable \"{name}\"; the argument is ignored"));
                continue;
            }
            given.insert(
                name.clone(),
                VarValue {
                    value,
                    note: Some(note),
                },
            );
        }
        self.variable_values(child, given, address)
    }

    /// Values for every variable `config` declares: `given` ones (already noted), else the
    /// default, else unknown; converted to the declared type where that is simple.
    pub fn variable_values(
        &mut self,
        config: &ModuleConfig,
        mut given: BTreeMap<String, VarValue>,
        module: &str,
    ) -> BTreeMap<String, VarValue> {
        let mut out = BTreeMap::new();
        for (name, decl) in &config.variables {
            let mut var = match given.remove(name) {
                Some(v) => v,
                None => match &decl.default {
                    Some(default) => VarValue {
                        value: self.eval(
                            Ctx {
                                inst: 0,
                                isolated: true,
                            },
                            &Scope::root(),
                            &default.expr,
                        ),
                        note: Some(format!(
                            "default of var.{name} at {}",
                            self.at(default.file, default.span)
                        )),
                    },
                    None => {
                        let whose = if module.is_empty() {
                            String::new()
                        } else {
                            format!(" (in {module})")
                        };
                        VarValue {
                            value: values::unknown(
                                format!("var.{name} has no value{whose}"),
                                BTreeSet::new(),
                            ),
                            note: None,
                        }
                    }
                },
            };
            if let Some(ty) = &decl.type_expr {
                var.value = values::convert(var.value, ty);
            }
            out.insert(name.clone(), var);
        }
        out
    }

    // --- names -------------------------------------------------------------------------

    pub fn var_value(&mut self, inst: usize, name: &str) -> Value {
        match self.instances.get(inst).and_then(|i| i.vars.get(name)) {
            Some(var) => {
                if let Some(note) = &var.note {
                    self.trace.push(note.clone());
                }
                var.value.clone()
            }
            None => values::error(format!("var.{name} is not declared")),
        }
    }

    pub fn resource_by_address(&mut self, inst: usize, base: &str) -> Value {
        let Some(config) = self.config_of(inst) else {
            return values::error("no module instance");
        };
        match config.resource(base) {
            Some((index, _)) => self.resource_value(inst, index),
            None => values::error(format!("{base} is not declared")),
        }
    }

    pub fn module_by_name(&mut self, inst: usize, name: &str) -> Value {
        let Some(config) = self.config_of(inst) else {
            return values::error("no module instance");
        };
        match config.module(name) {
            Some((index, _)) => self.module_value(inst, index),
            None => values::error(format!("module.{name} is not declared")),
        }
    }

    /// `path.module`: the module's directory relative to the root module's, as
    /// Terraform gives it (`.` for the root).
    pub fn module_path(&self, inst: usize) -> String {
        let Some(instance) = self.instances.get(inst) else {
            return ".".into();
        };
        let root = self
            .instances
            .first()
            .map(|i| i.config.dir.clone())
            .unwrap_or_default();
        relative(&root, &instance.config.dir)
    }

    pub fn root_dir(&self) -> PathBuf {
        self.instances
            .first()
            .map(|i| i.config.dir.clone())
            .unwrap_or_default()
    }

    /// Whether `source`, written in the module at `dir`, leads outside the scanned tree:
    /// as written, or once links are followed.
    fn outside_tree(&self, dir: &Path, source: &str) -> bool {
        let Some(tree) = &self.files.tree else {
            return false;
        };
        let written = dir.canonicalize().map(|base| normalize(&base.join(source)));
        if written.as_ref().is_ok_and(|p| !p.starts_with(tree)) {
            return true;
        }
        normalize(&dir.join(source))
            .canonicalize()
            .is_ok_and(|real| !real.starts_with(tree))
    }

    /// Directories whose files `file()` and `templatefile()` may read: the root module's
    /// and those of the local modules loaded for it.
    pub fn readable_roots(&self) -> Vec<PathBuf> {
        self.configs.keys().cloned().collect()
    }

    pub fn enter(&mut self) -> bool {
        self.depth += 1;
        self.depth <= MAX_EVAL_DEPTH
    }

    /// A value past a size limit: the value is an error, and the unit says so once (on
    /// the root module: expressions carry no position), so the scan is incomplete.
    pub fn too_large(&mut self, what: String) -> Value {
        let root = self.root_dir();
        self.sink.error_in_once(
            &root,
            format!("evaluation stopped: {what}; the value is unknown"),
        );
        values::error(what)
    }

    /// Counts one evaluation step and `bytes` of text built; `false` once the unit's
    /// budget is spent, which is said once, as an error on the root module: what was
    /// not evaluated is unknown, so the scan is incomplete, never quietly clean.
    pub fn spend(&mut self, bytes: u64) -> bool {
        if self.spent {
            return false;
        }
        self.steps += 1;
        self.built = self.built.saturating_add(bytes);
        if self.steps <= MAX_EVAL_STEPS && self.built <= MAX_BUILT_BYTES {
            return true;
        }
        self.spent = true;
        let root = self.root_dir();
        self.sink.error_in(
            &root,
            format!(
                "evaluation stopped: the configuration takes more than {MAX_EVAL_STEPS} steps or builds more than {} MiB of text (nested `for` expressions or strings multiplied through locals?); what was not evaluated is unknown",
                MAX_BUILT_BYTES >> 20
            ),
        );
        false
    }

    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    pub fn push_notes(&mut self, notes: &[String]) {
        self.trace.extend(notes.iter().cloned());
    }
}

/// `["a b"]`: a for_each key as Terraform writes it in an address.
fn quote_key(key: &str) -> String {
    serde_json::to_string(key).unwrap_or_else(|_| format!("\"{key}\""))
}

fn dedup_notes(notes: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for note in notes {
        if !out.contains(&note) {
            out.push(note);
        }
    }
    out
}

/// Notes for one attribute: distinct, at most three, in the order met.
fn join_notes(notes: &[String]) -> String {
    let distinct = dedup_notes(notes.to_vec());
    let shown: Vec<&str> = distinct.iter().take(3).map(String::as_str).collect();
    let mut out = shown.join("; ");
    if distinct.len() > 3 {
        out.push_str("; …");
    }
    out
}

/// Resolves `.` and `..` without touching the file system (module paths are written
/// relative and may pass through directories that are symlinks; Terraform does the same).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            // `..` cancels the last name; it climbs when there is none (or only `..`s:
            // `../../modules` from a relative start), and stays at the root.
            std::path::Component::ParentDir => match out.components().next_back() {
                None | Some(std::path::Component::ParentDir) => out.push(".."),
                Some(std::path::Component::RootDir | std::path::Component::Prefix(_)) => {}
                Some(_) => {
                    out.pop();
                }
            },
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// `to` relative to `from`, `/`-separated (`modules/app`, `../..`).
pub fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..from.len() {
        parts.push("..".into());
    }
    for part in to_parts.iter().skip(common) {
        parts.push(part.as_os_str().to_string_lossy().into_owned());
    }
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}
