//! Security groups and their rules, from every form Terraform and CloudFormation use:
//! inline `ingress`/`egress` blocks, `aws_security_group_rule`,
//! `aws_vpc_security_group_{ingress,egress}_rule`, CloudFormation `SecurityGroupIngress`/
//! `SecurityGroupEgress` properties and `AWS::EC2::SecurityGroup{Ingress,Egress}` resources.
//! A rule always carries the id and path of the declaration it came from, so findings
//! point at the rule, not at the group.

use std::collections::BTreeMap;

use super::read::{self, Field};
use super::ResourceIndex;
use crate::model::estate::{Direction, SecurityGroup, SgRule};
use crate::model::{AttrPath, PathSegment, RawResource, Value};

const TF_GROUP: &str = "aws_security_group";
/// Terraform's handle on a VPC's default group: its blocks replace the group's rules.
const TF_DEFAULT_GROUP: &str = "aws_default_security_group";
const CFN_GROUP: &str = "AWS::EC2::SecurityGroup";
const GROUP_KINDS: &[&str] = &[TF_GROUP, TF_DEFAULT_GROUP, CFN_GROUP];

pub fn normalise(index: &ResourceIndex) -> Vec<SecurityGroup> {
    let mut groups: Vec<SecurityGroup> = Vec::new();
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    for resource in index.of_kind(GROUP_KINDS) {
        by_id.insert(resource.id.clone(), groups.len());
        groups.push(group(resource, index));
    }
    // Rules declared as their own resources join the group they name; a group outside
    // this unit (an existing `sg-…`) gets a placeholder so its rules are still judged.
    for resource in index.resources {
        let (rules, group_value) = match resource.kind.as_str() {
            "aws_security_group_rule" => (
                tf_rule_resource(resource, index),
                resource.attr("security_group_id"),
            ),
            "aws_vpc_security_group_ingress_rule" => (
                vpc_rule_resource(resource, Direction::Ingress, index),
                resource.attr("security_group_id"),
            ),
            "aws_vpc_security_group_egress_rule" => (
                vpc_rule_resource(resource, Direction::Egress, index),
                resource.attr("security_group_id"),
            ),
            "AWS::EC2::SecurityGroupIngress" => (
                cfn_rule_resource(resource, Direction::Ingress, index),
                resource
                    .attr("GroupId")
                    .or_else(|| resource.attr("GroupName")),
            ),
            "AWS::EC2::SecurityGroupEgress" => (
                cfn_rule_resource(resource, Direction::Egress, index),
                resource.attr("GroupId"),
            ),
            _ => continue,
        };
        let owner = group_value
            .and_then(|v| index.referenced(v, GROUP_KINDS))
            .map(|g| g.id.clone());
        let slot = match owner.as_ref().and_then(|id| by_id.get(id)) {
            Some(&slot) => slot,
            None => {
                let key = match group_value.map(|v| read::text(Some(v))) {
                    Some(Field::Known(text)) => format!("external:{text}"),
                    _ => format!("unresolved:{}", resource.id),
                };
                *by_id.entry(key).or_insert_with(|| {
                    groups.push(placeholder_group(resource, group_value));
                    groups.len() - 1
                })
            }
        };
        if let Some(group) = groups.get_mut(slot) {
            let own_id = group.id.clone();
            group.rules.extend(rules.into_iter().map(|mut rule| {
                if rule.self_referencing {
                    rule.source_group = Some(own_id.clone());
                }
                rule
            }));
        }
    }
    groups
}

fn group(resource: &RawResource, index: &ResourceIndex) -> SecurityGroup {
    let cfn = resource.kind == CFN_GROUP;
    let (name_key, description_key, vpc_key) = if cfn {
        ("GroupName", "GroupDescription", "VpcId")
    } else {
        ("name", "description", "vpc_id")
    };
    let mut group = SecurityGroup {
        id: resource.id.clone(),
        path: Vec::new(),
        tags: read::resource_tags(resource),
        default: resource.kind == TF_DEFAULT_GROUP,
        ..SecurityGroup::default()
    };
    read::non_empty_text(resource.attr(name_key)).store(
        &mut group.name,
        "name",
        &mut group.unknown,
    );
    read::non_empty_text(resource.attr(description_key)).store(
        &mut group.description,
        "description",
        &mut group.unknown,
    );
    match resource.attr(vpc_key) {
        Some(Value::Unknown(u)) if !u.refs.is_empty() => group.vpc = u.refs.first().cloned(),
        other => read::non_empty_text(other).store(&mut group.vpc, "vpc", &mut group.unknown),
    }
    let blocks: [(&str, Direction); 2] = if cfn {
        [
            ("SecurityGroupIngress", Direction::Ingress),
            ("SecurityGroupEgress", Direction::Egress),
        ]
    } else {
        [
            ("ingress", Direction::Ingress),
            ("egress", Direction::Egress),
        ]
    };
    for (key, direction) in blocks {
        let value = resource.attr(key);
        match read::blocks(value) {
            Some(items) => {
                for (i, block) in items.into_iter().enumerate() {
                    let path = vec![PathSegment::Key(key.to_owned()), PathSegment::Index(i)];
                    let rules = if cfn {
                        cfn_rule(block, &resource.id, path, direction, index)
                    } else {
                        tf_inline_rule(block, &resource.id, path, direction, index)
                    };
                    group.rules.extend(rules);
                }
            }
            // Terraform marks an unconfigured inline block list as computed; only a
            // configured one (with references) leaves the group's rules truly unknown.
            None if read::unset_computed(value) => {}
            None => group.unknown.push(if direction == Direction::Ingress {
                "ingress_rules"
            } else {
                "egress_rules"
            }),
        }
    }
    if cfn {
        add_implicit_egress(&mut group);
    }
    group
}

/// CloudFormation creates a group with an allow-all egress rule unless its own
/// `SecurityGroupEgress` declares at least one rule (an empty list keeps the default;
/// separate `AWS::EC2::SecurityGroupEgress` resources are added beside it, they do not
/// replace it). The rule is modelled so egress rules judge what AWS will enforce; it
/// points at the group, where the fix belongs. Only the IPv4 half is modelled: the IPv6
/// rule exists only in VPCs with an IPv6 block, which the template may not show.
fn add_implicit_egress(group: &mut SecurityGroup) {
    let declares_egress = group.rules.iter().any(|r| r.direction == Direction::Egress);
    if declares_egress || group.unknown.contains(&"egress_rules") {
        return;
    }
    group.rules.push(SgRule {
        id: group.id.clone(),
        path: Vec::new(),
        direction: Direction::Egress,
        protocol: Some("all".to_owned()),
        from_port: Some(0),
        to_port: Some(65535),
        cidr_ipv4: vec!["0.0.0.0/0".to_owned()],
        cidr_ipv6: Vec::new(),
        source_group: None,
        prefix_lists: Vec::new(),
        self_referencing: false,
        description: None,
        implicit: true,
        unknown: Vec::new(),
    });
}

fn placeholder_group(rule_resource: &RawResource, group_value: Option<&Value>) -> SecurityGroup {
    let mut group = SecurityGroup {
        id: rule_resource.id.clone(),
        path: Vec::new(),
        external: true,
        ..SecurityGroup::default()
    };
    match group_value.map(|v| read::text(Some(v))) {
        Some(Field::Known(text)) => group.name = Some(text),
        _ => group.unknown.push("name"),
    }
    group
}

struct RuleFields<'a> {
    protocol: Option<&'a Value>,
    from_port: Option<&'a Value>,
    to_port: Option<&'a Value>,
    cidr_ipv4: Option<&'a Value>,
    cidr_ipv6: Option<&'a Value>,
    prefix_lists: Option<&'a Value>,
    description: Option<&'a Value>,
}

fn base_rule(id: &str, path: AttrPath, direction: Direction, fields: &RuleFields) -> SgRule {
    let mut rule = SgRule {
        id: id.to_owned(),
        path,
        direction,
        protocol: None,
        from_port: None,
        to_port: None,
        cidr_ipv4: Vec::new(),
        cidr_ipv6: Vec::new(),
        source_group: None,
        prefix_lists: Vec::new(),
        self_referencing: false,
        description: None,
        implicit: false,
        unknown: Vec::new(),
    };
    read::protocol(fields.protocol).store(&mut rule.protocol, "protocol", &mut rule.unknown);
    read::integer(fields.from_port).store(&mut rule.from_port, "from_port", &mut rule.unknown);
    read::integer(fields.to_port).store(&mut rule.to_port, "to_port", &mut rule.unknown);
    read::widen_all_protocols(
        rule.protocol.as_deref(),
        &mut rule.from_port,
        &mut rule.to_port,
        &mut rule.unknown,
    );
    // -1 on TCP/UDP means every port.
    if let Some("tcp" | "udp") = rule.protocol.as_deref() {
        if rule.from_port == Some(-1) {
            rule.from_port = Some(0);
        }
        if rule.to_port == Some(-1) {
            rule.to_port = Some(65535);
        }
    }
    let (v4, v4_unknown) = read::strings(fields.cidr_ipv4);
    let (v6, v6_unknown) = read::strings(fields.cidr_ipv6);
    let (prefixes, prefix_unknown) = read::strings(fields.prefix_lists);
    rule.cidr_ipv4 = v4.into_iter().filter(|c| !c.is_empty()).collect();
    rule.cidr_ipv6 = v6.into_iter().filter(|c| !c.is_empty()).collect();
    rule.prefix_lists = prefixes.into_iter().filter(|c| !c.is_empty()).collect();
    for (unknown, name) in [
        (v4_unknown, "cidr_ipv4"),
        (v6_unknown, "cidr_ipv6"),
        (prefix_unknown, "prefix_lists"),
    ] {
        if unknown {
            rule.unknown.push(name);
        }
    }
    read::non_empty_text(fields.description).store(
        &mut rule.description,
        "description",
        &mut rule.unknown,
    );
    rule
}

/// Resolves a peer group value to a group's resource id, or keeps a live `sg-…` id.
fn peer(value: &Value, index: &ResourceIndex, rule: &mut SgRule) {
    if let Some(group) = index.referenced(value, GROUP_KINDS) {
        rule.source_group = Some(group.id.clone());
        return;
    }
    match read::non_empty_text(Some(value)) {
        Field::Known(id) => rule.source_group = Some(id),
        Field::Unknown => rule.unknown.push("source_group"),
        Field::Absent => {}
    }
}

/// Inline Terraform blocks may name several peer groups; each becomes its own rule so a
/// rule has at most one peer, as in every other form.
fn tf_inline_rule(
    block: &Value,
    id: &str,
    path: AttrPath,
    direction: Direction,
    index: &ResourceIndex,
) -> Vec<SgRule> {
    let fields = RuleFields {
        protocol: block.get("protocol"),
        from_port: block.get("from_port"),
        to_port: block.get("to_port"),
        cidr_ipv4: block.get("cidr_blocks"),
        cidr_ipv6: block.get("ipv6_cidr_blocks"),
        prefix_lists: block.get("prefix_list_ids"),
        description: block.get("description"),
    };
    let mut rule = base_rule(id, path.clone(), direction, &fields);
    rule.self_referencing = read::boolean(block.get("self")).known().unwrap_or(false);
    let mut rules = Vec::new();
    match block.get("security_groups") {
        Some(Value::List(peers)) if !peers.is_empty() => {
            for peer_value in peers {
                let mut peer_rule = base_rule(id, path.clone(), direction, &fields);
                peer_rule.cidr_ipv4.clear();
                peer_rule.cidr_ipv6.clear();
                peer_rule.prefix_lists.clear();
                peer_rule
                    .unknown
                    .retain(|f| !matches!(*f, "cidr_ipv4" | "cidr_ipv6" | "prefix_lists"));
                peer(peer_value, index, &mut peer_rule);
                rules.push(peer_rule);
            }
        }
        Some(Value::Unknown(_)) => rule.unknown.push("source_group"),
        _ => {}
    }
    let has_own_peer = !rule.cidr_ipv4.is_empty()
        || !rule.cidr_ipv6.is_empty()
        || !rule.prefix_lists.is_empty()
        || rule.self_referencing
        || rules.is_empty()
        || rule
            .unknown
            .iter()
            .any(|f| matches!(*f, "cidr_ipv4" | "cidr_ipv6"));
    if has_own_peer {
        rules.insert(0, rule);
    }
    rules
}

fn tf_rule_resource(resource: &RawResource, index: &ResourceIndex) -> Vec<SgRule> {
    let direction = match read::text(resource.attr("type")) {
        Field::Known(t) if t == "egress" => Direction::Egress,
        _ => Direction::Ingress,
    };
    let fields = RuleFields {
        protocol: resource.attr("protocol"),
        from_port: resource.attr("from_port"),
        to_port: resource.attr("to_port"),
        cidr_ipv4: resource.attr("cidr_blocks"),
        cidr_ipv6: resource.attr("ipv6_cidr_blocks"),
        prefix_lists: resource.attr("prefix_list_ids"),
        description: resource.attr("description"),
    };
    let mut rule = base_rule(&resource.id, Vec::new(), direction, &fields);
    rule.self_referencing = read::boolean(resource.attr("self"))
        .known()
        .unwrap_or(false);
    if let Some(value) = resource.attr("source_security_group_id") {
        peer(value, index, &mut rule);
    }
    vec![rule]
}

fn vpc_rule_resource(
    resource: &RawResource,
    direction: Direction,
    index: &ResourceIndex,
) -> Vec<SgRule> {
    let fields = RuleFields {
        protocol: resource.attr("ip_protocol"),
        from_port: resource.attr("from_port"),
        to_port: resource.attr("to_port"),
        cidr_ipv4: resource.attr("cidr_ipv4"),
        cidr_ipv6: resource.attr("cidr_ipv6"),
        prefix_lists: resource.attr("prefix_list_id"),
        description: resource.attr("description"),
    };
    let mut rule = base_rule(&resource.id, Vec::new(), direction, &fields);
    if let Some(value) = resource.attr("referenced_security_group_id") {
        peer(value, index, &mut rule);
    }
    vec![rule]
}

fn cfn_rule(
    block: &Value,
    id: &str,
    path: AttrPath,
    direction: Direction,
    index: &ResourceIndex,
) -> Vec<SgRule> {
    let (peer_key, prefix_key) = match direction {
        Direction::Ingress => ("SourceSecurityGroupId", "SourcePrefixListId"),
        Direction::Egress => ("DestinationSecurityGroupId", "DestinationPrefixListId"),
    };
    let fields = RuleFields {
        protocol: block.get("IpProtocol"),
        from_port: block.get("FromPort"),
        to_port: block.get("ToPort"),
        cidr_ipv4: block.get("CidrIp"),
        cidr_ipv6: block.get("CidrIpv6"),
        prefix_lists: block.get(prefix_key),
        description: block.get("Description"),
    };
    let mut rule = base_rule(id, path, direction, &fields);
    let peer_value = block
        .get(peer_key)
        .or_else(|| block.get("SourceSecurityGroupName"));
    if let Some(value) = peer_value {
        peer(value, index, &mut rule);
    }
    vec![rule]
}

fn cfn_rule_resource(
    resource: &RawResource,
    direction: Direction,
    index: &ResourceIndex,
) -> Vec<SgRule> {
    cfn_rule(
        &resource.attributes,
        &resource.id,
        Vec::new(),
        direction,
        index,
    )
}
