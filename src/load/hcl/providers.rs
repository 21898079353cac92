//! The AWS provider's `default_tags`, applied as `terraform plan` applies them: each
//! taggable resource's `tags_all` is the default tags of the provider configuration it
//! uses, overridden by its own `tags`. Teams commonly set `Environment` or a
//! classification tag once on the provider; rules that read tags (production RDS, the
//! tier of a security group or subnet) would otherwise not see them in source scans,
//! while the same tags are in the plan's and the state's `tags_all`.
//!
//! Which configuration a resource uses follows Terraform: its `provider` argument
//! (`aws.west`), else the default configuration of its type's provider. A module
//! declaring its own `provider` block uses it; otherwise it gets the configurations its
//! call passes in `providers = { aws = aws.west }`, or, without that argument, its
//! caller's default configurations.

use std::collections::BTreeMap;

use hcl::expr::{Expression as E, TraversalOperator};
use hcl::ObjectKey;

use super::config::Body;
use super::eval::{Ctx, Evaluator, Scope};
use super::values;
use crate::model::value::Map;
use crate::model::Value;

/// How a module instance gets the provider configurations it does not declare.
#[derive(Clone, Debug, Default)]
pub enum Inherited {
    /// The root module: only its own `provider` blocks.
    #[default]
    None,
    /// From the instance `parent`: its default configurations when the call has no
    /// `providers` argument (`map` is `None`), else exactly those the map names
    /// (child key → parent key).
    From {
        parent: usize,
        map: Option<BTreeMap<String, String>>,
    },
}

/// Resource types that take `tags` but whose tags palisade reads even when the resource
/// sets none of its own (so `tags_all` must hold the provider's): the resources whose
/// normalised form carries tags. Other resources get `tags_all` when they set `tags`.
const TAGGED_KINDS: &[&str] = &[
    "aws_security_group",
    "aws_subnet",
    "aws_network_acl",
    "aws_default_network_acl",
    "aws_vpc",
    "aws_default_vpc",
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_elasticache_replication_group",
    "aws_elasticache_cluster",
    "aws_dynamodb_table",
    "aws_s3_bucket",
    "aws_ebs_volume",
    "aws_instance",
    "aws_sqs_queue",
    "aws_sns_topic",
    "aws_cloudwatch_log_group",
    "aws_kms_key",
];

/// `aws`, `aws.west`: the provider configuration a reference expression names (the JSON
/// syntax writes it as a string).
pub fn provider_ref(expr: &E) -> Option<String> {
    match expr {
        E::String(text) => {
            let well_formed = !text.is_empty()
                && text.split('.').count() <= 2
                && text.split('.').all(|part| {
                    !part.is_empty()
                        && part
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                });
            well_formed.then(|| text.clone())
        }
        E::Variable(name) => Some(name.as_str().to_owned()),
        E::Traversal(traversal) => {
            let E::Variable(name) = &traversal.expr else {
                return None;
            };
            match traversal.operators.as_slice() {
                [TraversalOperator::GetAttr(alias)] => Some(format!("{}.{alias}", name.as_str())),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A module call's `providers = { aws = aws.west }` map (child key → caller key).
pub fn providers_map(body: &Body) -> Option<BTreeMap<String, String>> {
    let E::Object(fields) = &body.attr("providers")?.expr else {
        return Some(BTreeMap::new());
    };
    let mut map = BTreeMap::new();
    for (key, value) in fields {
        let child = match key {
            ObjectKey::Identifier(name) => Some(name.to_string()),
            ObjectKey::Expression(expr) => provider_ref(expr),
            _ => None,
        };
        if let (Some(child), Some(parent)) = (child, provider_ref(value)) {
            map.insert(child, parent);
        }
    }
    Some(map)
}

impl Evaluator {
    /// The default tags of provider configuration `key` as instance `inst` sees it;
    /// `None` when it has none (or no such configuration).
    pub fn default_tags(&mut self, inst: usize, key: &str) -> Option<Value> {
        let memo_key = (inst, key.to_owned());
        if let Some(known) = self.provider_tags.get(&memo_key) {
            return known.clone();
        }
        // Remembered as absent first: a provider block whose tags refer back to a
        // resource in a cycle reads as having none rather than recursing.
        self.provider_tags.insert(memo_key.clone(), None);
        let tags = self.resolve_default_tags(inst, key);
        self.provider_tags.insert(memo_key, tags.clone());
        tags
    }

    fn resolve_default_tags(&mut self, inst: usize, key: &str) -> Option<Value> {
        let instance = self.instances.get(inst)?;
        let own = instance
            .config
            .providers
            .iter()
            .find(|p| p.key() == key)
            .map(|p| p.body.clone());
        if let Some(body) = own {
            return self.evaluate_default_tags(inst, &body);
        }
        match instance.inherited.clone() {
            Inherited::None => None,
            Inherited::From { parent, map: None } => {
                if key.contains('.') {
                    None // aliased configurations are only ever passed explicitly
                } else {
                    self.default_tags(parent, key)
                }
            }
            Inherited::From {
                parent,
                map: Some(map),
            } => {
                let parent_key = map.get(key)?.clone();
                self.default_tags(parent, &parent_key)
            }
        }
    }

    /// `default_tags { tags = … }` (native syntax) or `"default_tags": {"tags": …}`
    /// (JSON syntax, where a nested block reads as an object attribute).
    fn evaluate_default_tags(&mut self, inst: usize, body: &Body) -> Option<Value> {
        let ctx = Ctx {
            inst,
            isolated: false,
        };
        let value = if let Some(block) = body.block("default_tags") {
            let expr = block.body.attr("tags")?;
            self.eval(ctx, &Scope::root(), &expr.expr)
        } else {
            let expr = body.attr("default_tags")?;
            let Value::Map(block) = self.eval(ctx, &Scope::root(), &expr.expr) else {
                return None;
            };
            block.get("tags")?.clone()
        };
        Some(values::strip_marks(value))
    }

    /// `tags_all` for a resource of `kind` whose evaluated arguments are `attrs`, or
    /// `None` when the provider sets no default tags or the resource is not tagged. An
    /// unknown `tags` or default tags leave `tags_all` unknown, as in a plan.
    pub fn tags_all(
        &mut self,
        inst: usize,
        kind: &str,
        provider: Option<String>,
        attrs: &Map,
    ) -> Option<Value> {
        let own = attrs.get("tags");
        if own.is_none() && !TAGGED_KINDS.contains(&kind) {
            return None;
        }
        let key = provider.or_else(|| kind.split('_').next().map(str::to_owned))?;
        let defaults = self.default_tags(inst, &key)?;
        let own = own.map(|v| values::strip_marks(v.clone()));
        match (defaults, own) {
            (Value::Map(mut merged), None | Some(Value::Null)) => {
                merged.retain(|_, v| !matches!(v, Value::Null));
                Some(Value::Map(merged))
            }
            (Value::Map(mut merged), Some(Value::Map(own))) => {
                merged.extend(own);
                merged.retain(|_, v| !matches!(v, Value::Null));
                Some(Value::Map(merged))
            }
            (Value::Null, _) => None,
            (defaults, own) => Some(values::derived_unknown(
                std::iter::once(&defaults).chain(own.as_ref()),
            )),
        }
    }
}
