//! EC2 networking and volumes: security groups and their rules, network ACLs, subnets,
//! VPCs, flow logs, EBS volumes.

use super::As::{Bool, Int, Str};
use super::{arn, copy, copy_int, copy_str, tags, Item, Piece};
use crate::diagnostics::{Notification, Stage};
use crate::load::live::api::{Leaf, Obj};
use crate::load::live::build::{At, Attrs, Val};
use crate::load::LoadError;
use crate::model::{RawResource, Value};

/// A security group (`describe-security-groups`, `AWS::EC2::SecurityGroup`) →
/// `aws_security_group` (`aws_default_security_group` for a VPC's `default` group).
///
/// The API groups peers by port range: one `IpPermissions` entry lists every CIDR,
/// prefix list and group it admits on those ports, each with its own description.
/// Terraform's blocks carry one description, so each peer becomes one block, placed at
/// the peer's item: a finding on `0.0.0.0/0` points at the `IpRanges` item that admits it.
pub fn security_group(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let g = item.config;
    let id = g.required_str("groupId", "a security group")?;
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    if let Some(arn) = arn(item, "securityGroupArn")? {
        a.text("arn", arn.value, arn.at);
    }
    copy_str(&g, "groupName", &mut a, "name")?;
    copy_str(&g, "description", &mut a, "description")?;
    copy_str(&g, "vpcId", &mut a, "vpc_id")?;
    copy_str(&g, "ownerId", &mut a, "owner_id")?;
    tags(&g, &mut a)?;
    for (member, attr) in [
        ("ipPermissions", "ingress"),
        ("ipPermissionsEgress", "egress"),
    ] {
        a.put(attr, permissions(&g, member, id.value)?, g.at_of(member));
    }
    let default = g.str("groupName")?.is_some_and(|n| n.value == "default");
    let kind = if default {
        "aws_default_security_group"
    } else {
        "aws_security_group"
    };
    Ok(vec![Piece::Resource(a.resource(id.value, kind, item.at))])
}

fn permissions(g: &Obj, member: &str, own_id: &str) -> Result<Val, LoadError> {
    let mut blocks = Vec::new();
    for p in g.objects(member)? {
        let protocol = p.required_str("ipProtocol", "a security group permission")?;
        let from = p.int("fromPort")?;
        let to = p.int("toPort")?;
        let base = |description: Option<Leaf<&str>>, at: At| {
            let mut b = Attrs::new();
            b.text("protocol", protocol.value, protocol.at);
            // The API leaves the ports out for all protocols; Terraform writes 0.
            let port = |leaf: &Option<Leaf<i64>>| {
                leaf.as_ref()
                    .map_or((Val::int(0), at), |l| (Val::int(l.value), l.at))
            };
            let (from_val, from_at) = port(&from);
            let (to_val, to_at) = port(&to);
            b.put("from_port", from_val, from_at);
            b.put("to_port", to_val, to_at);
            for list in [
                "cidr_blocks",
                "ipv6_cidr_blocks",
                "prefix_list_ids",
                "security_groups",
            ] {
                b.put(list, Val::list(Vec::new()), at);
            }
            b.put("self", Val::bool(false), at);
            match description {
                Some(d) => b.text("description", d.value, d.at),
                None => b.text("description", "", at),
            };
            b
        };
        // AWS Config writes IPv4 peers twice: `ipv4Ranges` (objects) and the legacy
        // `ipRanges` (strings). The CLI writes `IpRanges` objects only.
        let v4_member = if p.entry("ipv4Ranges").is_some() {
            "ipv4Ranges"
        } else {
            "ipRanges"
        };
        for range in p.list(v4_member)? {
            let at = At::new(p.file, range.span);
            let (cidr, description) = match range.as_str() {
                Some(cidr) => (Leaf { value: cidr, at }, None),
                None => {
                    let r = Obj::new(range, p.file, &format!("an item of `{v4_member}`"))?;
                    (
                        r.required_str("cidrIp", "an IPv4 range")?,
                        r.str("description")?,
                    )
                }
            };
            let mut b = base(description, at);
            b.put(
                "cidr_blocks",
                Val::texts(vec![(cidr.value.to_owned(), cidr.at)]),
                cidr.at,
            );
            blocks.push((b.into_val(), at));
        }
        for (member, field, attr) in [
            ("ipv6Ranges", "cidrIpv6", "ipv6_cidr_blocks"),
            ("prefixListIds", "prefixListId", "prefix_list_ids"),
        ] {
            for r in p.objects(member)? {
                let value = r.required_str(field, &format!("an item of `{member}`"))?;
                let mut b = base(r.str("description")?, r.at());
                b.put(
                    attr,
                    Val::texts(vec![(value.value.to_owned(), value.at)]),
                    value.at,
                );
                blocks.push((b.into_val(), r.at()));
            }
        }
        for pair in p.objects("userIdGroupPairs")? {
            let group = pair.required_str("groupId", "a user id group pair")?;
            let mut b = base(pair.str("description")?, pair.at());
            if group.value == own_id {
                b.put("self", Val::bool(true), group.at);
            } else {
                b.put(
                    "security_groups",
                    Val::texts(vec![(group.value.to_owned(), group.at)]),
                    group.at,
                );
            }
            blocks.push((b.into_val(), pair.at()));
        }
    }
    Ok(Val::list(blocks))
}

/// One rule of `describe-security-group-rules` →
/// `aws_vpc_security_group_{ingress,egress}_rule`.
pub fn security_group_rule(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let r = item.config;
    let id = r.required_str("securityGroupRuleId", "a security group rule")?;
    let group = r.required_str("groupId", "a security group rule")?;
    let egress = r.bool("isEgress")?.is_some_and(|e| e.value);
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    a.text("security_group_rule_id", id.value, id.at);
    a.text("security_group_id", group.value, group.at);
    if let Some(arn) = arn(item, "securityGroupRuleArn")? {
        a.text("arn", arn.value, arn.at);
    }
    copy(
        &r,
        &mut a,
        &[
            ("ipProtocol", "ip_protocol", Str),
            ("fromPort", "from_port", Int),
            ("toPort", "to_port", Int),
            ("cidrIpv4", "cidr_ipv4", Str),
            ("cidrIpv6", "cidr_ipv6", Str),
            ("prefixListId", "prefix_list_id", Str),
            ("description", "description", Str),
        ],
    )?;
    if let Some(peer) = r.obj("referencedGroupInfo")? {
        copy_str(&peer, "groupId", &mut a, "referenced_security_group_id")?;
    }
    let kind = if egress {
        "aws_vpc_security_group_egress_rule"
    } else {
        "aws_vpc_security_group_ingress_rule"
    };
    Ok(vec![Piece::Resource(a.resource(id.value, kind, item.at))])
}

/// A network ACL → `aws_network_acl` (`aws_default_network_acl` for a VPC's default),
/// its entries as `ingress`/`egress` blocks placed at each entry, its associations as
/// `subnet_ids`. The catch-all deny (rule 32767) is left out, as Terraform leaves it out:
/// it exists in every ACL and cannot be changed.
pub fn network_acl(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let acl = item.config;
    let id = acl.required_str("networkAclId", "a network ACL")?;
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    if let Some(arn) = item.arn.clone() {
        a.text("arn", arn.value, arn.at);
    }
    copy_str(&acl, "vpcId", &mut a, "vpc_id")?;
    copy_str(&acl, "ownerId", &mut a, "owner_id")?;
    tags(&acl, &mut a)?;
    let default = acl.bool("isDefault")?.is_some_and(|d| d.value);
    if default {
        a.text("default_network_acl_id", id.value, id.at);
    }
    let mut subnets = Vec::new();
    for association in acl.objects("associations")? {
        if let Some(subnet) = association.str("subnetId")? {
            subnets.push((subnet.value.to_owned(), subnet.at));
        }
    }
    a.put("subnet_ids", Val::texts(subnets), acl.at_of("associations"));
    let (mut ingress, mut egress) = (Vec::new(), Vec::new());
    for e in acl.objects("entries")? {
        let number = e
            .int("ruleNumber")?
            .ok_or_else(|| LoadError::at("a network ACL entry has no `ruleNumber`", e.node.span))?;
        if number.value == 32767 {
            continue;
        }
        let mut b = Attrs::new();
        b.put("rule_no", Val::int(number.value), number.at);
        copy_str(&e, "ruleAction", &mut b, "action")?;
        match e.int("protocol") {
            Ok(Some(n)) => b.put("protocol", Val::text(&n.value.to_string()), n.at),
            _ => {
                let p = e.required_str("protocol", "a network ACL entry")?;
                b.text("protocol", p.value, p.at)
            }
        };
        for (member, attr) in [
            ("cidrBlock", "cidr_block"),
            ("ipv6CidrBlock", "ipv6_cidr_block"),
        ] {
            match e.str(member)? {
                Some(c) => b.text(attr, c.value, c.at),
                None => b.text(attr, "", e.at()),
            };
        }
        let ports = e.obj("portRange")?;
        for (member, attr) in [("from", "from_port"), ("to", "to_port")] {
            match ports.as_ref().map(|p| p.int(member)).transpose()?.flatten() {
                Some(port) => b.put(attr, Val::int(port.value), port.at),
                None => b.put(attr, Val::int(0), e.at()),
            };
        }
        if let Some(icmp) = e.obj("icmpTypeCode")? {
            copy_int(&icmp, "type", &mut b, "icmp_type")?;
            copy_int(&icmp, "code", &mut b, "icmp_code")?;
        }
        let egress_entry = e.bool("egress")?.is_some_and(|x| x.value);
        let list = if egress_entry {
            &mut egress
        } else {
            &mut ingress
        };
        list.push((b.into_val(), e.at()));
    }
    a.put("ingress", Val::list(ingress), acl.at_of("entries"));
    a.put("egress", Val::list(egress), acl.at_of("entries"));
    let kind = if default {
        "aws_default_network_acl"
    } else {
        "aws_network_acl"
    };
    Ok(vec![Piece::Resource(a.resource(id.value, kind, item.at))])
}

pub fn subnet(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let s = item.config;
    let id = s.required_str("subnetId", "a subnet")?;
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    if let Some(arn) = arn(item, "subnetArn")? {
        a.text("arn", arn.value, arn.at);
    }
    copy(
        &s,
        &mut a,
        &[
            ("vpcId", "vpc_id", Str),
            ("cidrBlock", "cidr_block", Str),
            ("availabilityZone", "availability_zone", Str),
            ("mapPublicIpOnLaunch", "map_public_ip_on_launch", Bool),
        ],
    )?;
    for association in s.objects("ipv6CidrBlockAssociationSet")? {
        if let Some(block) = association.str("ipv6CidrBlock")? {
            a.text("ipv6_cidr_block", block.value, block.at);
        }
    }
    tags(&s, &mut a)?;
    Ok(vec![Piece::Resource(a.resource(
        id.value,
        "aws_subnet",
        item.at,
    ))])
}

pub fn vpc(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let v = item.config;
    let id = v.required_str("vpcId", "a VPC")?;
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    if let Some(arn) = item.arn.clone() {
        a.text("arn", arn.value, arn.at);
    }
    copy_str(&v, "cidrBlock", &mut a, "cidr_block")?;
    copy_str(&v, "ownerId", &mut a, "owner_id")?;
    tags(&v, &mut a)?;
    let default = v.bool("isDefault")?.is_some_and(|d| d.value);
    let kind = if default {
        "aws_default_vpc"
    } else {
        "aws_vpc"
    };
    Ok(vec![Piece::Resource(a.resource(id.value, kind, item.at))])
}

/// A flow log → `aws_flow_log`, its target as `vpc_id`, `subnet_id` or `eni_id` by the
/// target's id prefix, as Terraform keeps it.
pub fn flow_log(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let f = item.config;
    // AWS Config records flow logs in CloudFormation's shape (`Id`, `ResourceId`).
    let id = match f.str("flowLogId")? {
        Some(id) => id,
        None => f.required_str("id", "a flow log")?,
    };
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    copy_str(&f, "trafficType", &mut a, "traffic_type")?;
    copy_str(&f, "logDestinationType", &mut a, "log_destination_type")?;
    copy_str(&f, "logDestination", &mut a, "log_destination")?;
    copy_str(&f, "logGroupName", &mut a, "log_group_name")?;
    if let Some(target) = f.str("resourceId")? {
        let attr = match target.value.split('-').next() {
            Some("vpc") => "vpc_id",
            Some("subnet") => "subnet_id",
            Some("eni") => "eni_id",
            _ => "transit_gateway_id",
        };
        a.text(attr, target.value, target.at);
    }
    Ok(vec![Piece::Resource(a.resource(
        id.value,
        "aws_flow_log",
        item.at,
    ))])
}

pub fn volume(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let v = item.config;
    let id = v.required_str("volumeId", "a volume")?;
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    if let Some(arn) = item.arn.clone() {
        a.text("arn", arn.value, arn.at);
    }
    copy(
        &v,
        &mut a,
        &[
            ("encrypted", "encrypted", Bool),
            ("kmsKeyId", "kms_key_id", Str),
            ("size", "size", Int),
            ("volumeType", "type", Str),
            ("availabilityZone", "availability_zone", Str),
        ],
    )?;
    tags(&v, &mut a)?;
    Ok(vec![Piece::Resource(a.resource(
        id.value,
        "aws_ebs_volume",
        item.at,
    ))])
}

/// `describe-security-group-rules` lists again the rules `describe-security-groups`
/// already gives each group: when both are exported, a group's own listing is used.
pub fn drop_listed_rules(resources: &mut Vec<RawResource>, notes: &mut Vec<Notification>) {
    let listed: std::collections::BTreeSet<String> = resources
        .iter()
        .filter(|r| {
            matches!(
                r.kind.as_str(),
                "aws_security_group" | "aws_default_security_group"
            )
        })
        .map(|r| r.id.clone())
        .collect();
    let before = resources.len();
    resources.retain(|r| {
        let rule = matches!(
            r.kind.as_str(),
            "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule"
        );
        !(rule
            && r.attr("security_group_id")
                .and_then(Value::as_str)
                .is_some_and(|g| listed.contains(g)))
    });
    let dropped = before - resources.len();
    if dropped > 0 {
        notes.push(Notification::note(
            Stage::Load,
            format!(
                "{dropped} security group rule(s) of describe-security-group-rules are read from \
                 their groups' IpPermissions instead"
            ),
        ));
    }
}

/// Terraform finds a VPC's default network ACL through the VPC's
/// `default_network_acl_id`; the API says it on the ACL (`IsDefault`).
pub fn link_default_acls(resources: &mut [RawResource]) {
    let defaults: Vec<(String, String)> = resources
        .iter()
        .filter(|r| r.kind == "aws_default_network_acl")
        .filter_map(|r| {
            let vpc = r.attr("vpc_id")?.as_str()?.to_owned();
            Some((vpc, r.id.clone()))
        })
        .collect();
    for resource in resources
        .iter_mut()
        .filter(|r| matches!(r.kind.as_str(), "aws_vpc" | "aws_default_vpc"))
    {
        let Some((_, acl)) = defaults.iter().find(|(vpc, _)| *vpc == resource.id) else {
            continue;
        };
        if let Value::Map(map) = &mut resource.attributes {
            map.entry("default_network_acl_id".to_owned())
                .or_insert_with(|| Value::String(acl.clone()));
        }
    }
}
