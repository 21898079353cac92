//! Links unknown values to the resources they derive from, through `configuration`.
//!
//! A plan's values say *that* `security_group_id` is unknown, never *why*; the
//! configuration block keeps the expression that will produce it
//! (`{"references": ["aws_security_group.app.id", "aws_security_group.app"]}`). Policies
//! need that link — a rule whose group is "known after apply" still belongs to a group —
//! so each unknown value gets the ids of the returned resources its expression names.
//! References are followed through module boundaries: `var.x` to the calling module's
//! argument, `module.m.out` to the output's expression inside `m`. Anything that cannot be
//! followed (locals, functions of variables the root was given, malformed text) simply
//! yields no link: a missing link is honest, a wrong one is not.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::Value as Json;

use super::address::{config_address, parse_reference, Address, Reference};
use super::schema::ConfigModule;
use super::LoadError;
use crate::model::{PathSegment, Value};

/// How many `var.`/`module.` hops one reference may take: a bound on recursion depth
/// (Terraform cannot express a cycle, but a hand-edited plan can).
const MAX_HOPS: usize = 64;

/// One returned resource instance, split for matching.
struct Instance<'a> {
    module_keys: Vec<Option<&'a str>>,
    key: Option<&'a str>,
    id: &'a str,
}

/// Which instance of a module a scope step means.
#[derive(Clone, Copy, Debug)]
enum KeyMatch<'a> {
    /// The instance a resource address names (`None`: the module has no count/for_each).
    Exact(Option<&'a str>),
    /// Any instance: `module.m.out` from outside says nothing about which one.
    Any,
}

#[derive(Clone, Copy, Debug)]
struct ScopeStep<'a> {
    name: &'a str,
    key: KeyMatch<'a>,
}

pub(super) struct Resolver<'a> {
    root: Option<&'a ConfigModule>,
    /// Configuration address (module names, no keys) → that resource's expressions.
    expressions: HashMap<String, &'a serde_json::Map<String, Json>>,
    /// Configuration address → the returned instances of it.
    instances: HashMap<String, Vec<Instance<'a>>>,
}

impl<'a> Resolver<'a> {
    /// Indexes the configuration and the ids of the resources being returned. Fails only
    /// when module calls nest deeper than `max_depth`.
    pub fn new(
        root: Option<&'a ConfigModule>,
        ids: &'a [String],
        max_depth: usize,
    ) -> Result<Self, LoadError> {
        let mut expressions = HashMap::new();
        if let Some(root) = root {
            index_config(root, &mut Vec::new(), max_depth, &mut expressions)?;
        }
        let mut instances: HashMap<String, Vec<Instance<'a>>> = HashMap::new();
        for id in ids {
            if let Some(address) = super::address::parse_address(id) {
                instances
                    .entry(address.config_address())
                    .or_default()
                    .push(Instance {
                        module_keys: address.modules.iter().map(|(_, key)| *key).collect(),
                        key: address.key,
                        id,
                    });
            }
        }
        Ok(Resolver {
            root,
            expressions,
            instances,
        })
    }

    /// Ids of returned resources that the value at `path` of resource `address` derives
    /// from, sorted and deduplicated. `attributes` is the resource's (merged) value, used
    /// to tell repeated nested blocks apart.
    pub fn refs_for(
        &self,
        address: &Address<'_>,
        path: &[PathSegment],
        attributes: &Value,
    ) -> Vec<String> {
        let Some(expressions) = self.expressions.get(&address.config_address()) else {
            return Vec::new();
        };
        let Some(node) = find_expression(expressions, path, attributes) else {
            return Vec::new();
        };
        let mut references = Vec::new();
        collect_references(node, &mut references);
        if references.is_empty() {
            return Vec::new();
        }
        let scope: Vec<ScopeStep<'_>> = address
            .modules
            .iter()
            .map(|(name, key)| ScopeStep {
                name,
                key: KeyMatch::Exact(*key),
            })
            .collect();
        let mut out = BTreeSet::new();
        self.resolve(
            &references,
            &scope,
            address.key,
            0,
            &mut HashSet::new(),
            &mut out,
        );
        out.into_iter().map(str::to_owned).collect()
    }

    /// Resolves `references` written in the module at `scope`. `own_key` is the instance
    /// key of the resource whose expression this is; it is only meaningful before any
    /// hop, since a module's `count` says nothing about its caller's. `followed` holds
    /// the variables and outputs already expanded for this value: each is expanded once,
    /// so a cycle (or a diamond of them) in a hand-edited plan costs nothing extra.
    fn resolve(
        &self,
        references: &[&str],
        scope: &[ScopeStep<'_>],
        own_key: Option<&str>,
        hops: usize,
        followed: &mut HashSet<String>,
        out: &mut BTreeSet<&'a str>,
    ) {
        if hops > MAX_HOPS {
            return;
        }
        let parsed: Vec<Reference<'_>> = references.iter().map(|r| parse_reference(r)).collect();
        for reference in &parsed {
            match reference {
                Reference::Resource { base, key: None }
                    if parsed.iter().any(|other| {
                        matches!(other, Reference::Resource { base: b, key: Some(_) } if b == base)
                    }) =>
                {
                    // Terraform lists `x[0].id`, `x[0]` *and* `x`; the keyed one is precise.
                }
                Reference::Resource { base, key } => self.match_instances(scope, base, *key, own_key, out),
                Reference::Variable(name) => {
                    let Some((call, parent)) = scope.split_last() else {
                        continue; // a root variable: a value the user gave, not a resource
                    };
                    if !followed.insert(format!("{}/var.{name}", scope_key(scope))) {
                        continue;
                    }
                    let argument = self
                        .module(parent)
                        .and_then(|module| module.module_calls.get(call.name))
                        .and_then(|call| call.expressions.get(*name));
                    if let Some(argument) = argument {
                        let mut next = Vec::new();
                        collect_references(argument, &mut next);
                        self.resolve(&next, parent, None, hops + 1, followed, out);
                    }
                }
                Reference::ModuleOutput { module, key, output } => {
                    if !followed.insert(format!("{}/module.{module}{key:?}.{output}", scope_key(scope))) {
                        continue;
                    }
                    let mut inner = scope.to_vec();
                    inner.push(ScopeStep {
                        name: module,
                        key: key.map_or(KeyMatch::Any, |k| KeyMatch::Exact(Some(k))),
                    });
                    let expression = self
                        .module(&inner)
                        .and_then(|m| m.outputs.get(*output))
                        .and_then(|o| o.expression.as_ref());
                    if let Some(expression) = expression {
                        let mut next = Vec::new();
                        collect_references(expression, &mut next);
                        self.resolve(&next, &inner, None, hops + 1, followed, out);
                    }
                }
                Reference::Other => {}
            }
        }
    }

    /// The instances of `base` in module `scope` a reference means: the one without a
    /// key if there is one; the named instance if the reference names one; else the
    /// instance with the referencing resource's own key (`rule[0]` → `group[0]`, the usual
    /// `count.index` pairing); else all of them (one, in the common case).
    fn match_instances(
        &self,
        scope: &[ScopeStep<'_>],
        base: &str,
        key: Option<&str>,
        own_key: Option<&str>,
        out: &mut BTreeSet<&'a str>,
    ) {
        let config = config_address(scope.iter().map(|s| s.name), base);
        let Some(all) = self.instances.get(&config) else {
            return;
        };
        let candidates: Vec<&Instance<'a>> = all
            .iter()
            .filter(|instance| {
                instance.module_keys.len() == scope.len()
                    && scope
                        .iter()
                        .zip(&instance.module_keys)
                        .all(|(step, k)| match step.key {
                            KeyMatch::Exact(want) => want == *k,
                            KeyMatch::Any => true,
                        })
            })
            .collect();
        let pick = |want: Option<&str>| -> Vec<&'a str> {
            candidates
                .iter()
                .filter(|i| i.key == want)
                .map(|i| i.id)
                .collect()
        };
        let chosen = match key {
            Some(key) => pick(Some(key)),
            None => {
                let unkeyed = pick(None);
                let own = own_key.map(|k| pick(Some(k))).unwrap_or_default();
                if !unkeyed.is_empty() {
                    unkeyed
                } else if !own.is_empty() {
                    own
                } else {
                    candidates.iter().map(|i| i.id).collect()
                }
            }
        };
        out.extend(chosen);
    }

    /// The configuration of the module at `scope` (names only; configuration has one
    /// copy per module call, whatever its count).
    fn module(&self, scope: &[ScopeStep<'_>]) -> Option<&'a ConfigModule> {
        scope.iter().try_fold(self.root?, |module, step| {
            module.module_calls.get(step.name)?.module.as_ref()
        })
    }
}

/// A scope as text, for remembering what was followed.
fn scope_key(scope: &[ScopeStep<'_>]) -> String {
    scope
        .iter()
        .map(|step| format!("{}{:?}", step.name, step.key))
        .collect::<Vec<_>>()
        .join(".")
}

fn index_config<'a>(
    module: &'a ConfigModule,
    path: &mut Vec<&'a str>,
    max_depth: usize,
    out: &mut HashMap<String, &'a serde_json::Map<String, Json>>,
) -> Result<(), LoadError> {
    if path.len() > max_depth {
        return Err(LoadError::new(format!(
            "configuration nests module calls more than {max_depth} levels deep (at module.{})",
            path.join(".module.")
        )));
    }
    for resource in &module.resources {
        if let Some(base) = resource.base() {
            out.entry(config_address(path.iter().copied(), &base))
                .or_insert(&resource.expressions);
        }
    }
    for (name, call) in &module.module_calls {
        if let Some(child) = &call.module {
            path.push(name);
            index_config(child, path, max_depth, out)?;
            path.pop();
        }
    }
    Ok(())
}

/// True for an expression object (`references`/`constant_value`; `{}` is a function call
/// with neither) as opposed to a nested block of expressions.
fn is_expression(node: &Json) -> bool {
    match node {
        Json::Object(map) => {
            map.is_empty() || map.contains_key("references") || map.contains_key("constant_value")
        }
        _ => false,
    }
}

/// The expression (or nested block) for an attribute path. Nested blocks are arrays of
/// objects mirroring the value (`ingress[0].security_groups`); once an expression is
/// reached, the rest of the path lies inside its value (`security_groups[1]` is produced
/// by the `security_groups` expression), so that expression is the answer.
fn find_expression<'j>(
    expressions: &'j serde_json::Map<String, Json>,
    path: &[PathSegment],
    attributes: &Value,
) -> Option<&'j Json> {
    let (PathSegment::Key(first), rest) = path.split_first()? else {
        return None;
    };
    let mut node = expressions.get(first)?;
    let mut value = attributes.get(first);
    for segment in rest {
        if is_expression(node) {
            break;
        }
        node = match (segment, node) {
            (PathSegment::Key(key), Json::Object(map)) => map.get(key)?,
            (PathSegment::Index(i), Json::Array(blocks)) => pick_block(
                blocks,
                *i,
                value.and_then(|v| v.pointer(std::slice::from_ref(segment))),
            )?,
            // A single nested block written as an object, seen through a list value.
            (PathSegment::Index(_), Json::Object(_)) => node,
            _ => return None,
        };
        value = value.and_then(|v| v.pointer(std::slice::from_ref(segment)));
    }
    Some(node)
}

/// Which configuration block produced the plan's block element `index`. Usually the one
/// at the same position — but blocks such as `ingress` are *sets*, which Terraform
/// orders its own way, so when several blocks are written the element's known values are
/// compared with each block's constant arguments, and a single match wins over position.
/// A single configured block stands for every element (a `dynamic` block).
fn pick_block<'j>(blocks: &'j [Json], index: usize, element: Option<&Value>) -> Option<&'j Json> {
    if let (true, Some(Value::Map(element))) = (blocks.len() > 1, element) {
        let mut matching = blocks
            .iter()
            .filter(|block| constants_match(block, element));
        if let (Some(only), None) = (matching.next(), matching.next()) {
            return Some(only);
        }
    }
    // One configured block and several elements: a `dynamic` block wrote them all.
    blocks
        .get(index)
        .or_else(|| blocks.first().filter(|_| blocks.len() == 1))
}

/// True when every constant argument of `block` equals the element's value (and the
/// block has at least one, so an all-reference block does not match everything).
fn constants_match(block: &Json, element: &crate::model::value::Map) -> bool {
    let Json::Object(arguments) = block else {
        return false;
    };
    let mut constants = arguments
        .iter()
        .filter_map(|(key, expression)| Some((key, expression.as_object()?.get("constant_value")?)))
        .peekable();
    constants.peek().is_some()
        && constants
            .all(|(key, constant)| element.get(key).is_some_and(|v| v.to_json() == *constant))
}

/// Every reference string in an expression or block, in order. Recursion is bounded by
/// serde_json's nesting limit.
fn collect_references<'j>(node: &'j Json, out: &mut Vec<&'j str>) {
    match node {
        Json::Object(map) if is_expression(node) => {
            if let Some(Json::Array(references)) = map.get("references") {
                out.extend(references.iter().filter_map(Json::as_str));
            }
        }
        Json::Object(map) => map.values().for_each(|v| collect_references(v, out)),
        Json::Array(items) => items.iter().for_each(|v| collect_references(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path(keys: &[&str]) -> Vec<PathSegment> {
        keys.iter()
            .map(|k| match k.parse() {
                Ok(i) => PathSegment::Index(i),
                Err(_) => PathSegment::Key((*k).to_owned()),
            })
            .collect()
    }

    #[test]
    fn finds_expressions_in_nested_blocks() {
        let exprs = json!({
            "vpc_id": {"references": ["var.vpc"]},
            "ingress": [{"security_groups": {"references": ["aws_security_group.a.id", "aws_security_group.a"]}}],
            "tags": {"constant_value": {"Name": "x"}}
        });
        let exprs = exprs.as_object().unwrap();
        let mut refs = Vec::new();
        collect_references(
            find_expression(
                exprs,
                &path(&["ingress", "0", "security_groups", "1"]),
                &Value::Null,
            )
            .unwrap(),
            &mut refs,
        );
        assert_eq!(refs, ["aws_security_group.a.id", "aws_security_group.a"]);
        // More elements than written blocks: one `dynamic` block wrote them all.
        assert!(find_expression(
            exprs,
            &path(&["ingress", "1", "security_groups"]),
            &Value::Null
        )
        .is_some());
        let two = json!({"ingress": [{"from_port": {"constant_value": 1}}, {"from_port": {"constant_value": 2}}]});
        assert!(find_expression(
            two.as_object().unwrap(),
            &path(&["ingress", "2", "from_port"]),
            &Value::Null
        )
        .is_none());
        assert!(find_expression(exprs, &path(&["tags", "Name"]), &Value::Null).is_some());
        assert!(find_expression(exprs, &path(&["arn"]), &Value::Null).is_none());
        // A whole block unknown: all references inside it.
        refs.clear();
        collect_references(
            find_expression(exprs, &path(&["ingress"]), &Value::Null).unwrap(),
            &mut refs,
        );
        assert_eq!(refs.len(), 2);
    }

    fn config(value: serde_json::Value) -> ConfigModule {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn picks_instances_by_key() {
        let root = config(json!({"resources": [
            {"mode": "managed", "type": "aws_security_group_rule", "name": "r",
             "expressions": {"security_group_id": {"references": ["aws_security_group.g.id", "aws_security_group.g"]}}},
            {"mode": "managed", "type": "aws_security_group_rule", "name": "one",
             "expressions": {"security_group_id": {"references": ["aws_security_group.g[1].id", "aws_security_group.g[1]", "aws_security_group.g"]}}},
            {"mode": "managed", "type": "aws_security_group_rule", "name": "all",
             "expressions": {"security_group_id": {"references": ["aws_security_group.g.id", "aws_security_group.g"]}}}
        ]}));
        let ids: Vec<String> = [
            "aws_security_group.g[0]",
            "aws_security_group.g[1]",
            "aws_security_group_rule.r[1]",
            "aws_security_group_rule.one",
            "aws_security_group_rule.all",
        ]
        .map(String::from)
        .to_vec();
        let resolver = Resolver::new(Some(&root), &ids, 8).unwrap();
        let refs = |id: &str| {
            resolver.refs_for(
                &super::super::address::parse_address(id).unwrap(),
                &path(&["security_group_id"]),
                &Value::Null,
            )
        };
        assert_eq!(
            refs("aws_security_group_rule.r[1]"),
            ["aws_security_group.g[1]"]
        );
        assert_eq!(
            refs("aws_security_group_rule.one"),
            ["aws_security_group.g[1]"]
        );
        assert_eq!(
            refs("aws_security_group_rule.all"),
            ["aws_security_group.g[0]", "aws_security_group.g[1]"]
        );
    }

    #[test]
    fn follows_variables_and_outputs_across_modules() {
        let root = config(json!({
            "resources": [{"mode": "managed", "type": "aws_security_group_rule", "name": "r",
                "expressions": {"security_group_id": {"references": ["module.net.sg_id", "module.net"]}}}],
            "module_calls": {"net": {
                "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}},
                "module": {
                    "outputs": {"sg_id": {"expression": {"references": ["aws_security_group.app.id", "aws_security_group.app"]}}},
                    "resources": [
                        {"mode": "managed", "type": "aws_security_group", "name": "app",
                         "expressions": {"vpc_id": {"references": ["var.vpc_id"]}}},
                        {"mode": "managed", "type": "aws_flow_log", "name": "missing",
                         "expressions": {"vpc_id": {"references": ["var.missing"]}}}
                    ]}}}
        }));
        let ids: Vec<String> = [
            "aws_vpc.main",
            "aws_security_group_rule.r",
            "module.net.aws_security_group.app",
            "module.net.aws_flow_log.missing",
        ]
        .map(String::from)
        .to_vec();
        let resolver = Resolver::new(Some(&root), &ids, 8).unwrap();
        let parse = super::super::address::parse_address;
        assert_eq!(
            resolver.refs_for(
                &parse("aws_security_group_rule.r").unwrap(),
                &path(&["security_group_id"]),
                &Value::Null
            ),
            ["module.net.aws_security_group.app"]
        );
        assert_eq!(
            resolver.refs_for(
                &parse("module.net.aws_security_group.app").unwrap(),
                &path(&["vpc_id"]),
                &Value::Null
            ),
            ["aws_vpc.main"]
        );
        assert!(resolver
            .refs_for(
                &parse("module.net.aws_flow_log.missing").unwrap(),
                &path(&["vpc_id"]),
                &Value::Null
            )
            .is_empty());
    }

    #[test]
    fn cyclic_references_terminate() {
        // Terraform rejects cycles; a hand-edited plan may not. Two paths into the cycle
        // per step would be 2^64 expansions without the `followed` set.
        let root = config(json!({
            "resources": [{"mode": "managed", "type": "aws_security_group_rule", "name": "r",
                "expressions": {"security_group_id": {"references": ["module.net.out"]}}}],
            "module_calls": {"net": {
                "expressions": {"x": {"references": ["module.net.out"]}, "y": {"references": ["module.net.out"]}},
                "module": {"outputs": {"out": {"expression": {"references": ["var.x", "var.y", "aws_vpc.v"]}}}}}}
        }));
        let ids: Vec<String> = ["aws_security_group_rule.r", "module.net.aws_vpc.v"]
            .map(String::from)
            .to_vec();
        let resolver = Resolver::new(Some(&root), &ids, 8).unwrap();
        let rule = super::super::address::parse_address("aws_security_group_rule.r").unwrap();
        assert_eq!(
            resolver.refs_for(&rule, &path(&["security_group_id"]), &Value::Null),
            ["module.net.aws_vpc.v"]
        );
    }

    #[test]
    fn repeated_blocks_are_matched_by_their_constants_not_only_position() {
        // `ingress` is a set: the plan lists the SSH rule first, the configuration second.
        let exprs = json!({"ingress": [
            {"from_port": {"constant_value": 443}, "security_groups": {"references": ["aws_security_group.lb.id"]}},
            {"from_port": {"constant_value": 22}, "security_groups": {"references": ["aws_security_group.bastion.id"]}},
            {"security_groups": {"references": ["aws_security_group.other.id"]}}
        ]});
        let exprs = exprs.as_object().unwrap();
        let plan = Value::from(
            &json!({"ingress": [{"from_port": 22, "security_groups": [null]},
                                                   {"from_port": 443, "security_groups": [null]},
                                                   {"from_port": 80, "security_groups": [null]}]}),
        );
        let refs_of = |index: &str| {
            let mut refs = Vec::new();
            let node = find_expression(
                exprs,
                &path(&["ingress", index, "security_groups", "0"]),
                &plan,
            );
            collect_references(node.unwrap(), &mut refs);
            refs
        };
        assert_eq!(refs_of("0"), ["aws_security_group.bastion.id"]);
        assert_eq!(refs_of("1"), ["aws_security_group.lb.id"]);
        // No block's constants match: position decides.
        assert_eq!(refs_of("2"), ["aws_security_group.other.id"]);
    }

    #[test]
    fn deep_configuration_is_an_error() {
        let mut module = json!({});
        for _ in 0..5 {
            module = json!({"module_calls": {"m": {"module": module}}});
        }
        let root = config(module);
        assert!(Resolver::new(Some(&root), &[], 8).is_ok());
        let error = Resolver::new(Some(&root), &[], 3).err().unwrap();
        assert!(
            error.message.contains("more than 3 levels"),
            "{}",
            error.message
        );
    }
}
