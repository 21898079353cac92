//! IAM roles, users and groups with the policies attached to them, so rules can judge
//! a principal's effective permissions. Policies reach a principal in many ways:
//! inline (`inline_policy`, CloudFormation `Policies`), as separate inline-policy
//! resources (`aws_iam_role_policy`, `AWS::IAM::Policy` with `Roles`), by ARN
//! (`managed_policy_arns`, `ManagedPolicyArns`) and through attachment resources
//! (`aws_iam_role_policy_attachment`, `aws_iam_policy_attachment`,
//! `AWS::IAM::ManagedPolicy` with `Roles`). Attachments are resolved by reference (the
//! ids loaders record) or by a known name/ARN; a principal outside the unit gets a
//! placeholder so its attachments are still judged.

use std::collections::BTreeMap;

use super::read::{self, Field};
use super::ResourceIndex;
use crate::model::estate::{IamPolicy, IamPrincipal, PolicyAttachment, PolicyKind};
use crate::model::key;
use crate::model::{AttrPath, PathSegment, RawResource, Value};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Role,
    User,
    Group,
}

impl Kind {
    fn resource_kinds(self) -> &'static [&'static str] {
        match self {
            Kind::Role => &["aws_iam_role", "AWS::IAM::Role"],
            Kind::User => &["aws_iam_user", "AWS::IAM::User"],
            Kind::Group => &["aws_iam_group", "AWS::IAM::Group"],
        }
    }

    /// The name attribute (Terraform, CloudFormation).
    fn name_keys(self) -> [&'static str; 2] {
        match self {
            Kind::Role => ["name", "RoleName"],
            Kind::User => ["name", "UserName"],
            Kind::Group => ["name", "GroupName"],
        }
    }
}

/// Documents that can be attached by ARN or by an attachment resource.
const MANAGED_POLICY_KINDS: &[&str] = &["aws_iam_policy", "AWS::IAM::ManagedPolicy"];

#[derive(Default)]
pub struct Principals {
    pub roles: Vec<IamPrincipal>,
    pub users: Vec<IamPrincipal>,
    pub groups: Vec<IamPrincipal>,
}

struct Builder<'a> {
    index: &'a ResourceIndex<'a>,
    policies: &'a [IamPolicy],
    principals: BTreeMap<Kind, Vec<IamPrincipal>>,
    /// (kind, resource id or `external:<name>`) → position in `principals[kind]`.
    slots: BTreeMap<(Kind, String), usize>,
}

/// What an attachment names as its principal.
enum Target {
    Declared(String),
    External(String),
    Unknown,
}

pub fn normalise(index: &ResourceIndex, policies: &[IamPolicy]) -> Principals {
    let mut b = Builder {
        index,
        policies,
        principals: BTreeMap::new(),
        slots: BTreeMap::new(),
    };
    for kind in [Kind::Role, Kind::User, Kind::Group] {
        for resource in index.of_kind(kind.resource_kinds()) {
            b.declared(kind, resource);
        }
    }
    for resource in index.resources {
        b.attachments(resource);
    }
    let mut take = |k| b.principals.remove(&k).unwrap_or_default();
    Principals {
        roles: take(Kind::Role),
        users: take(Kind::User),
        groups: take(Kind::Group),
    }
}

impl Builder<'_> {
    fn declared(&mut self, kind: Kind, resource: &RawResource) {
        let [tf_name, cfn_name] = kind.name_keys();
        let mut principal = IamPrincipal {
            id: resource.id.clone(),
            name: read::non_empty_text(resource.attr(tf_name).or_else(|| resource.attr(cfn_name)))
                .known(),
            ..IamPrincipal::default()
        };
        for policy in self.policies.iter().filter(|p| p.id == resource.id) {
            match policy.kind {
                PolicyKind::Trust => principal.trust_policy = Some(policy.key.clone()),
                PolicyKind::Identity => principal.policies.push(PolicyAttachment {
                    id: resource.id.clone(),
                    path: policy.path.clone(),
                    inline: true,
                    policy: Some(policy.key.clone()),
                    ..PolicyAttachment::default()
                }),
                PolicyKind::Resource => {}
            }
        }
        for list in ["managed_policy_arns", "ManagedPolicyArns"] {
            let value = resource.attr(list);
            if read::unset_computed(value) {
                continue;
            }
            self.by_arns(resource, value, list, &mut principal.policies);
        }
        if kind == Kind::User {
            let groups = resource.attr("Groups");
            if let Some(Value::List(items)) = groups {
                for item in items {
                    if let Some(group) = self.index.referenced(item, Kind::Group.resource_kinds()) {
                        principal.groups.push(group.id.clone());
                    }
                }
            } else if matches!(groups, Some(Value::Unknown(_))) {
                principal.unknown.push("groups");
            }
        }
        let slot = self.principals.entry(kind).or_default();
        self.slots.insert((kind, resource.id.clone()), slot.len());
        slot.push(principal);
    }

    /// Policies named by ARN in a list attribute, one attachment each.
    fn by_arns(
        &self,
        resource: &RawResource,
        value: Option<&Value>,
        list: &str,
        out: &mut Vec<PolicyAttachment>,
    ) {
        match value {
            Some(Value::List(items)) => {
                for (i, item) in items.iter().enumerate() {
                    out.push(self.attachment(
                        resource,
                        vec![key(list), PathSegment::Index(i)],
                        Some(item),
                    ));
                }
            }
            Some(other @ Value::Unknown(_)) => {
                out.push(self.attachment(resource, vec![key(list)], Some(other)));
            }
            _ => {}
        }
    }

    /// An attachment of the managed policy `value` (an ARN or a reference to a policy
    /// declared in this unit), declared at `path` of `resource`.
    fn attachment(
        &self,
        resource: &RawResource,
        path: AttrPath,
        value: Option<&Value>,
    ) -> PolicyAttachment {
        let mut attachment = PolicyAttachment {
            id: resource.id.clone(),
            path,
            ..PolicyAttachment::default()
        };
        let Some(value) = value else {
            return attachment;
        };
        if let Some(declared) = self.index.referenced(value, MANAGED_POLICY_KINDS) {
            attachment.policy = self.document_of(&declared.id).map(|p| p.key.clone());
            if attachment.policy.is_none() {
                attachment.unknown.push("policy");
            }
            return attachment;
        }
        match read::non_empty_text(Some(value)) {
            Field::Known(arn) => attachment.arn = Some(arn),
            Field::Unknown => attachment.unknown.push("policy"),
            Field::Absent => {}
        }
        attachment
    }

    /// The identity document a policy resource declares.
    fn document_of(&self, id: &str) -> Option<&IamPolicy> {
        self.policies
            .iter()
            .find(|p| p.id == id && p.kind == PolicyKind::Identity)
    }

    fn attachments(&mut self, resource: &RawResource) {
        // (principal kind, attribute naming it, is a list)
        let targets: &[(Kind, &str)] = match resource.kind.as_str() {
            "aws_iam_role_policy" | "aws_iam_role_policy_attachment" => &[(Kind::Role, "role")],
            "aws_iam_user_policy" | "aws_iam_user_policy_attachment" => &[(Kind::User, "user")],
            "aws_iam_group_policy" | "aws_iam_group_policy_attachment" => &[(Kind::Group, "group")],
            "aws_iam_policy_attachment" => &[
                (Kind::Role, "roles"),
                (Kind::User, "users"),
                (Kind::Group, "groups"),
            ],
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => &[
                (Kind::Role, "Roles"),
                (Kind::User, "Users"),
                (Kind::Group, "Groups"),
            ],
            "aws_iam_user_group_membership" => {
                self.memberships(resource, "user", "groups");
                return;
            }
            "aws_iam_group_membership" => {
                self.memberships(resource, "users", "group");
                return;
            }
            _ => return,
        };
        let inline = matches!(
            resource.kind.as_str(),
            "aws_iam_role_policy"
                | "aws_iam_user_policy"
                | "aws_iam_group_policy"
                | "AWS::IAM::Policy"
        );
        for (kind, attr) in targets {
            let value = resource.attr(attr);
            let named: Vec<(AttrPath, Option<&Value>)> = match value {
                Some(Value::List(items)) => items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (vec![key(attr), PathSegment::Index(i)], Some(v)))
                    .collect(),
                None | Some(Value::Null) => Vec::new(),
                Some(v) => vec![(vec![key(attr)], Some(v))],
            };
            for (path, target) in named {
                let attachment = if inline {
                    PolicyAttachment {
                        id: resource.id.clone(),
                        path: self
                            .document_of(&resource.id)
                            .map_or_else(|| path.clone(), |p| p.path.clone()),
                        inline: true,
                        policy: self.document_of(&resource.id).map(|p| p.key.clone()),
                        ..PolicyAttachment::default()
                    }
                } else if resource.kind == "AWS::IAM::ManagedPolicy" {
                    PolicyAttachment {
                        id: resource.id.clone(),
                        path: path.clone(),
                        policy: self.document_of(&resource.id).map(|p| p.key.clone()),
                        ..PolicyAttachment::default()
                    }
                } else {
                    let arn_path = vec![key("policy_arn")];
                    self.attachment(resource, arn_path, resource.attr("policy_arn"))
                };
                if let Some(slot) = self.principal(*kind, resource, &path, target) {
                    slot.policies.push(attachment);
                }
            }
        }
    }

    /// Terraform group memberships: the users join the groups.
    fn memberships(&mut self, resource: &RawResource, users_attr: &str, groups_attr: &str) {
        let (users, groups) = (resource.attr(users_attr), resource.attr(groups_attr));
        let group_ids: Vec<Option<String>> = as_items(groups)
            .into_iter()
            .map(|g| {
                self.index
                    .referenced(g, Kind::Group.resource_kinds())
                    .map(|r| r.id.clone())
            })
            .collect();
        for (i, user) in as_items(users).into_iter().enumerate() {
            let path = vec![key(users_attr), PathSegment::Index(i)];
            let Some(slot) = self.principal(Kind::User, resource, &path, Some(user)) else {
                continue;
            };
            for group in &group_ids {
                match group {
                    Some(id) if !slot.groups.contains(id) => slot.groups.push(id.clone()),
                    Some(_) => {}
                    None if !slot.unknown.contains(&"groups") => slot.unknown.push("groups"),
                    None => {}
                }
            }
        }
    }

    /// The principal an attachment names: declared in this unit, or a placeholder.
    fn principal(
        &mut self,
        kind: Kind,
        resource: &RawResource,
        path: &AttrPath,
        value: Option<&Value>,
    ) -> Option<&mut IamPrincipal> {
        let target = match value {
            Some(v) => match self.index.referenced(v, kind.resource_kinds()) {
                Some(r) => Target::Declared(r.id.clone()),
                None => match read::non_empty_text(Some(v)) {
                    Field::Known(name) => Target::External(name),
                    _ => Target::Unknown,
                },
            },
            None => Target::Unknown,
        };
        let slot_key = match &target {
            Target::Declared(id) => id.clone(),
            Target::External(name) => format!("external:{name}"),
            Target::Unknown => format!(
                "unknown:{}:{}",
                resource.id,
                crate::model::path_to_string(path)
            ),
        };
        let list = self.principals.entry(kind).or_default();
        let at = match self.slots.get(&(kind, slot_key.clone())) {
            Some(&at) => at,
            None => {
                let mut placeholder = IamPrincipal {
                    id: resource.id.clone(),
                    path: path.clone(),
                    external: true,
                    ..IamPrincipal::default()
                };
                match target {
                    Target::External(name) => placeholder.name = Some(name),
                    _ => placeholder.unknown.push("name"),
                }
                list.push(placeholder);
                self.slots.insert((kind, slot_key), list.len() - 1);
                list.len() - 1
            }
        };
        list.get_mut(at)
    }
}

fn as_items(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::List(items)) => items.iter().collect(),
        None | Some(Value::Null) => Vec::new(),
        Some(other) => vec![other],
    }
}
