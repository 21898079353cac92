//! Subnets, and the network ACL that governs each. AWS gives every subnet exactly one
//! ACL: the one associated with it, else its VPC's default ACL. The subnet's tier is
//! left to the policies, which read it from their data (tags or a CIDR plan).

use super::network_acls::{SUBNET_KINDS, VPC_KINDS};
use super::read;
use super::ResourceIndex;
use crate::model::estate::{NetworkAcl, Subnet};
use crate::model::RawResource;

pub fn normalise(index: &ResourceIndex, acls: &[NetworkAcl]) -> Vec<Subnet> {
    index
        .of_kind(SUBNET_KINDS)
        .map(|resource| subnet(resource, index, acls))
        .collect()
}

fn subnet(resource: &RawResource, index: &ResourceIndex, acls: &[NetworkAcl]) -> Subnet {
    let cfn = resource.kind == "AWS::EC2::Subnet";
    let key = |tf: &'static str, cf: &'static str| if cfn { cf } else { tf };
    let mut subnet = Subnet {
        id: resource.id.clone(),
        path: Vec::new(),
        tags: read::resource_tags(resource),
        ..Subnet::default()
    };
    let unknown = &mut subnet.unknown;
    read::reference(resource.attr(key("vpc_id", "VpcId")), index, VPC_KINDS).store(
        &mut subnet.vpc,
        "vpc",
        unknown,
    );
    read::non_empty_text(resource.attr(key("cidr_block", "CidrBlock"))).store(
        &mut subnet.cidr_ipv4,
        "cidr_ipv4",
        unknown,
    );
    let v6 = resource.attr(key("ipv6_cidr_block", "Ipv6CidrBlock"));
    // Terraform computes the IPv6 block of a subnet that does not ask for one.
    if !read::unset_computed(v6) {
        read::non_empty_text(v6).store(&mut subnet.cidr_ipv6, "cidr_ipv6", unknown);
    }
    let az = resource.attr(key("availability_zone", "AvailabilityZone"));
    if !read::unset_computed(az) {
        read::non_empty_text(az).store(&mut subnet.availability_zone, "availability_zone", unknown);
    }
    governing_acl(&mut subnet, acls);
    subnet
}

/// The associated ACL, else the VPC's default ACL when this unit declares it. An
/// association whose subnet is unknown until apply might be this subnet's, so then the
/// ACL is unknown unless another association names the subnet.
fn governing_acl(subnet: &mut Subnet, acls: &[NetworkAcl]) {
    let associated = acls
        .iter()
        .filter(|acl| acl.subnets.contains(&subnet.id))
        .min_by_key(|acl| acl.default);
    if let Some(acl) = associated {
        subnet.network_acl = Some(acl.id.clone());
        return;
    }
    if acls.iter().any(|acl| acl.unknown.contains(&"subnets")) {
        subnet.unknown.push("network_acl");
        return;
    }
    let default = acls
        .iter()
        .find(|acl| acl.default && acl.vpc.is_some() && acl.vpc == subnet.vpc);
    if let Some(acl) = default {
        subnet.network_acl = Some(acl.id.clone());
    } else if subnet.unknown.contains(&"vpc") {
        subnet.unknown.push("network_acl");
    }
}
