//! Network ACLs, their entries and their subnet associations, from every form Terraform
//! and CloudFormation use: inline `ingress`/`egress` blocks of `aws_network_acl` and
//! `aws_default_network_acl`, `aws_network_acl_rule`, `AWS::EC2::NetworkAclEntry`,
//! `subnet_ids`, `aws_network_acl_association` and
//! `AWS::EC2::SubnetNetworkAclAssociation`. An entry keeps the id and path of its own
//! declaration, so a finding points at the entry that decides, not at the ACL.

use std::collections::BTreeMap;

use super::read::{self, Field};
use super::ResourceIndex;
use crate::model::estate::{Direction, NaclEntry, NetworkAcl};
use crate::model::{AttrPath, PathSegment, RawResource, Value};

const TF_ACL: &str = "aws_network_acl";
/// Terraform's handle on a VPC's default ACL: its blocks replace the ACL's entries.
const TF_DEFAULT_ACL: &str = "aws_default_network_acl";
const CFN_ACL: &str = "AWS::EC2::NetworkAcl";
const ACL_KINDS: &[&str] = &[TF_ACL, TF_DEFAULT_ACL, CFN_ACL];
pub const VPC_KINDS: &[&str] = &["aws_vpc", "AWS::EC2::VPC"];
pub const SUBNET_KINDS: &[&str] = &["aws_subnet", "AWS::EC2::Subnet"];

pub fn normalise(index: &ResourceIndex) -> Vec<NetworkAcl> {
    let mut acls: Vec<NetworkAcl> = Vec::new();
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    for resource in index.of_kind(ACL_KINDS) {
        let acl = acl(resource, index);
        if acl.default {
            if let Some(vpc) = &acl.vpc {
                by_key.insert(format!("default:{vpc}"), acls.len());
            }
        }
        by_key.insert(resource.id.clone(), acls.len());
        acls.push(acl);
    }
    // Entries and associations declared as their own resources join the ACL they name.
    for resource in index.resources {
        let (owner, part) = match resource.kind.as_str() {
            "aws_network_acl_rule" => (
                resource.attr("network_acl_id"),
                Part::Entry(Box::new(tf_entry_resource(resource))),
            ),
            "AWS::EC2::NetworkAclEntry" => (
                resource.attr("NetworkAclId"),
                Part::Entry(Box::new(cfn_entry(resource))),
            ),
            "aws_network_acl_association" => (
                resource.attr("network_acl_id"),
                Part::Subnet(resource.attr("subnet_id")),
            ),
            "AWS::EC2::SubnetNetworkAclAssociation" => (
                resource.attr("NetworkAclId"),
                Part::Subnet(resource.attr("SubnetId")),
            ),
            _ => continue,
        };
        let slot = owner_slot(owner, resource, index, &mut acls, &mut by_key);
        let Some(acl) = acls.get_mut(slot) else {
            continue;
        };
        match part {
            Part::Entry(entry) => acl.entries.push(*entry),
            Part::Subnet(value) => add_subnet(acl, value, index),
        }
    }
    for acl in &mut acls {
        acl.subnets.sort();
        acl.subnets.dedup();
    }
    acls
}

enum Part<'a> {
    Entry(Box<NaclEntry>),
    Subnet(Option<&'a Value>),
}

/// The ACL a separate entry or association names: one declared in this unit, the
/// default ACL of a VPC declared here (`Fn::GetAtt VPC.DefaultNetworkAcl`), or a
/// placeholder for one outside the unit.
fn owner_slot(
    owner: Option<&Value>,
    resource: &RawResource,
    index: &ResourceIndex,
    acls: &mut Vec<NetworkAcl>,
    by_key: &mut BTreeMap<String, usize>,
) -> usize {
    if let Some(slot) = owner
        .and_then(|v| index.referenced(v, ACL_KINDS))
        .and_then(|acl| by_key.get(&acl.id))
    {
        return *slot;
    }
    if let Some(vpc) = owner.and_then(|v| index.referenced(v, VPC_KINDS)) {
        let key = format!("default:{}", vpc.id);
        return *by_key.entry(key).or_insert_with(|| {
            acls.push(NetworkAcl {
                id: vpc.id.clone(),
                path: Vec::new(),
                vpc: Some(vpc.id.clone()),
                default: true,
                ..NetworkAcl::default()
            });
            acls.len() - 1
        });
    }
    let (key, known) = match read::non_empty_text(owner) {
        Field::Known(text) => (format!("external:{text}"), true),
        _ => (format!("unresolved:{}", resource.id), false),
    };
    *by_key.entry(key).or_insert_with(|| {
        acls.push(NetworkAcl {
            id: resource.id.clone(),
            path: Vec::new(),
            external: true,
            unknown: if known { Vec::new() } else { vec!["id"] },
            ..NetworkAcl::default()
        });
        acls.len() - 1
    })
}

fn add_subnet(acl: &mut NetworkAcl, value: Option<&Value>, index: &ResourceIndex) {
    // An element of `[for s in aws_subnet.data : s.id]` in a plan: the plan links each
    // unknown element to every instance the expression names, so together the elements
    // name them all.
    if let Some(Value::Unknown(u)) = value {
        if u.refs.len() > 1 {
            let named: Vec<String> = index
                .of_kind(SUBNET_KINDS)
                .filter(|r| u.refs.iter().any(|id| names_instance(id, &r.id)))
                .map(|r| r.id.clone())
                .collect();
            if !named.is_empty() {
                for id in named {
                    if !acl.subnets.contains(&id) {
                        acl.subnets.push(id);
                    }
                }
                return;
            }
        }
    }
    match read::reference(value, index, SUBNET_KINDS) {
        Field::Known(id) => acl.subnets.push(id),
        Field::Unknown => {
            if !acl.unknown.contains(&"subnets") {
                acl.unknown.push("subnets");
            }
        }
        Field::Absent => {}
    }
}

fn acl(resource: &RawResource, index: &ResourceIndex) -> NetworkAcl {
    let cfn = resource.kind == CFN_ACL;
    let default = resource.kind == TF_DEFAULT_ACL;
    let mut acl = NetworkAcl {
        id: resource.id.clone(),
        path: Vec::new(),
        tags: read::resource_tags(resource),
        default,
        ..NetworkAcl::default()
    };
    let vpc = if default {
        default_acl_vpc(resource.attr("default_network_acl_id"), index)
    } else {
        read::reference(
            resource.attr(if cfn { "VpcId" } else { "vpc_id" }),
            index,
            VPC_KINDS,
        )
    };
    vpc.store(&mut acl.vpc, "vpc", &mut acl.unknown);
    if cfn {
        return acl;
    }
    for (key, direction) in [
        ("ingress", Direction::Ingress),
        ("egress", Direction::Egress),
    ] {
        let value = resource.attr(key);
        match read::blocks(value) {
            Some(items) => {
                for (i, block) in items.into_iter().enumerate() {
                    let path = vec![PathSegment::Key(key.to_owned()), PathSegment::Index(i)];
                    acl.entries
                        .push(tf_inline_entry(block, &resource.id, path, direction));
                }
            }
            // Terraform marks an unconfigured block list as computed; only a configured
            // one (with references) leaves the entries truly unknown.
            None if read::unset_computed(value) => {}
            None => acl.unknown.push(if direction == Direction::Ingress {
                "ingress_entries"
            } else {
                "egress_entries"
            }),
        }
    }
    let subnets = resource.attr("subnet_ids");
    match subnets {
        Some(Value::List(items)) => {
            for item in items {
                add_subnet(&mut acl, Some(item), index);
            }
        }
        _ if read::unset_computed(subnets) => {}
        // `subnet_ids = aws_subnet.private[*].id`: unknown as a whole, but the subnets it
        // names are known.
        Some(Value::Unknown(u)) => {
            let named: Vec<String> = index
                .of_kind(SUBNET_KINDS)
                .filter(|r| u.refs.iter().any(|id| names_instance(id, &r.id)))
                .map(|r| r.id.clone())
                .collect();
            if named.is_empty() {
                acl.unknown.push("subnets");
            }
            acl.subnets.extend(named);
        }
        _ => {}
    }
    acl
}

/// A reference to `aws_subnet.private` names each of its `count`/`for_each` instances.
fn names_instance(reference: &str, id: &str) -> bool {
    id == reference
        || id
            .strip_prefix(reference)
            .is_some_and(|rest| rest.starts_with('['))
}

/// The VPC whose default ACL `aws_default_network_acl` manages: through the reference
/// to `aws_vpc.x.default_network_acl_id`, or a VPC whose known default ACL id matches.
fn default_acl_vpc(value: Option<&Value>, index: &ResourceIndex) -> Field<String> {
    if let Some(vpc) = value.and_then(|v| index.referenced(v, VPC_KINDS)) {
        return Field::Known(vpc.id.clone());
    }
    match read::non_empty_text(value) {
        Field::Known(acl_id) => index
            .of_kind(VPC_KINDS)
            .find(|vpc| {
                vpc.attr("default_network_acl_id").and_then(Value::as_str) == Some(acl_id.as_str())
            })
            .map_or(Field::Absent, |vpc| Field::Known(vpc.id.clone())),
        _ => Field::Unknown,
    }
}

struct EntryFields<'a> {
    rule_number: Option<&'a Value>,
    action: Option<&'a Value>,
    protocol: Option<&'a Value>,
    from_port: Option<&'a Value>,
    to_port: Option<&'a Value>,
    cidr_ipv4: Option<&'a Value>,
    cidr_ipv6: Option<&'a Value>,
}

fn entry(id: &str, path: AttrPath, direction: Direction, fields: &EntryFields) -> NaclEntry {
    let mut entry = NaclEntry {
        id: id.to_owned(),
        path,
        direction,
        rule_number: None,
        action: None,
        protocol: None,
        from_port: None,
        to_port: None,
        cidr_ipv4: None,
        cidr_ipv6: None,
        unknown: Vec::new(),
    };
    let unknown = &mut entry.unknown;
    read::integer(fields.rule_number).store(&mut entry.rule_number, "rule_number", unknown);
    let action = match read::text(fields.action) {
        Field::Known(a) => Field::Known(a.to_ascii_lowercase()),
        other => other,
    };
    action.store(&mut entry.action, "action", unknown);
    read::protocol(fields.protocol).store(&mut entry.protocol, "protocol", unknown);
    read::integer(fields.from_port).store(&mut entry.from_port, "from_port", unknown);
    read::integer(fields.to_port).store(&mut entry.to_port, "to_port", unknown);
    read::non_empty_text(fields.cidr_ipv4).store(&mut entry.cidr_ipv4, "cidr_ipv4", unknown);
    read::non_empty_text(fields.cidr_ipv6).store(&mut entry.cidr_ipv6, "cidr_ipv6", unknown);
    read::widen_all_protocols(
        entry.protocol.as_deref(),
        &mut entry.from_port,
        &mut entry.to_port,
        &mut entry.unknown,
    );
    entry
}

fn tf_inline_entry(block: &Value, id: &str, path: AttrPath, direction: Direction) -> NaclEntry {
    let fields = EntryFields {
        rule_number: block.get("rule_no"),
        action: block.get("action"),
        protocol: block.get("protocol"),
        from_port: block.get("from_port"),
        to_port: block.get("to_port"),
        cidr_ipv4: block.get("cidr_block"),
        cidr_ipv6: block.get("ipv6_cidr_block"),
    };
    entry(id, path, direction, &fields)
}

/// `egress` (Terraform) / `Egress` (CloudFormation) defaults to false: an ingress entry.
/// An unknown flag leaves the direction unknown; the entry is kept as ingress, the
/// direction that can open a subnet, with `direction` named unknown.
fn direction(value: Option<&Value>) -> (Direction, bool) {
    match read::boolean(value) {
        Field::Known(true) => (Direction::Egress, false),
        Field::Unknown => (Direction::Ingress, true),
        _ => (Direction::Ingress, false),
    }
}

fn tf_entry_resource(resource: &RawResource) -> NaclEntry {
    let (dir, unknown_direction) = direction(resource.attr("egress"));
    let fields = EntryFields {
        rule_number: resource.attr("rule_number"),
        action: resource.attr("rule_action"),
        protocol: resource.attr("protocol"),
        from_port: resource.attr("from_port"),
        to_port: resource.attr("to_port"),
        cidr_ipv4: resource.attr("cidr_block"),
        cidr_ipv6: resource.attr("ipv6_cidr_block"),
    };
    let mut entry = entry(&resource.id, Vec::new(), dir, &fields);
    if unknown_direction {
        entry.unknown.push("direction");
    }
    entry
}

fn cfn_entry(resource: &RawResource) -> NaclEntry {
    let (dir, unknown_direction) = direction(resource.attr("Egress"));
    let range = resource.attr("PortRange");
    let fields = EntryFields {
        rule_number: resource.attr("RuleNumber"),
        action: resource.attr("RuleAction"),
        protocol: resource.attr("Protocol"),
        from_port: range.and_then(|r| r.get("From")),
        to_port: range.and_then(|r| r.get("To")),
        cidr_ipv4: resource.attr("CidrBlock"),
        cidr_ipv6: resource.attr("Ipv6CidrBlock"),
    };
    let mut entry = entry(&resource.id, Vec::new(), dir, &fields);
    if unknown_direction {
        entry.unknown.push("direction");
    }
    // A PortRange that is itself unknown (an unresolved `Fn::If`) hides both ports.
    if range.is_some_and(Value::is_unknown) && entry.protocol.as_deref() != Some("all") {
        entry.unknown.extend(["from_port", "to_port"]);
    }
    entry
}
