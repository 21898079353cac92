//! VPCs declared in the unit and the flow logs that capture their traffic. A flow log
//! targets one resource: a whole VPC (Terraform `vpc_id`; CloudFormation `ResourceType:
//! VPC`), or a subnet, ENI or transit gateway, which cover only part of a VPC and are
//! not counted. A flow log whose target is unknown until apply and resolves to no
//! resource of the unit may be any VPC's: every VPC it might complete is marked
//! `flow_logs` unknown.

use super::read::{self, Field};
use super::ResourceIndex;
use crate::model::baseline::{FlowLogRef, Vpc};
use crate::model::{RawResource, Value};

const VPC_KINDS: &[&str] = &["aws_vpc", "aws_default_vpc", "AWS::EC2::VPC"];

pub fn normalise(index: &ResourceIndex) -> Vec<Vpc> {
    let mut vpcs: Vec<Vpc> = index.of_kind(VPC_KINDS).map(vpc).collect();
    let mut may_be_any = false;
    for log in index.of_kind(&["aws_flow_log", "AWS::EC2::FlowLog"]) {
        let flow_log = flow_log(log);
        match vpc_target(log) {
            Target::None => {}
            Target::Value(value) => {
                if let Some(target) = index.referenced(value, VPC_KINDS) {
                    if let Some(vpc) = vpcs.iter_mut().find(|v| v.id == target.id) {
                        vpc.flow_logs.push(flow_log);
                    }
                } else if value.is_unknown() {
                    may_be_any |= may_capture_rejects(&flow_log);
                }
            }
            Target::Unknown => may_be_any |= may_capture_rejects(&flow_log),
        }
    }
    if may_be_any {
        for vpc in &mut vpcs {
            vpc.unknown.push("flow_logs");
        }
    }
    vpcs
}

fn vpc(resource: &RawResource) -> Vpc {
    let mut vpc = Vpc {
        id: resource.id.clone(),
        path: Vec::new(),
        cidr: None,
        default: resource.kind == "aws_default_vpc",
        tags: read::resource_tags(resource),
        flow_logs: Vec::new(),
        unknown: Vec::new(),
    };
    read::non_empty_text(
        resource
            .attr("cidr_block")
            .or_else(|| resource.attr("CidrBlock")),
    )
    .store(&mut vpc.cidr, "cidr", &mut vpc.unknown);
    vpc
}

fn flow_log(resource: &RawResource) -> FlowLogRef {
    let mut log = FlowLogRef {
        id: resource.id.clone(),
        path: Vec::new(),
        traffic_type: None,
        unknown: Vec::new(),
    };
    let value = resource
        .attr("traffic_type")
        .or_else(|| resource.attr("TrafficType"));
    match read::non_empty_text(value) {
        Field::Known(t) => log.traffic_type = Some(t.to_ascii_uppercase()),
        Field::Unknown => log.unknown.push("traffic_type"),
        Field::Absent => {}
    }
    log
}

/// A flow log that records only accepted traffic completes no VPC's logging.
fn may_capture_rejects(log: &FlowLogRef) -> bool {
    log.traffic_type.as_deref() != Some("ACCEPT")
}

enum Target<'a> {
    /// The flow log does not target a whole VPC.
    None,
    /// It targets the VPC this value names.
    Value(&'a Value),
    /// Whether it targets a VPC at all is unknown.
    Unknown,
}

fn vpc_target(resource: &RawResource) -> Target<'_> {
    if resource.kind.starts_with("AWS::") {
        return match (
            read::text(resource.attr("ResourceType")),
            resource.attr("ResourceId"),
        ) {
            (Field::Known(kind), Some(id)) if kind.eq_ignore_ascii_case("VPC") => Target::Value(id),
            (Field::Unknown, _) => Target::Unknown,
            _ => Target::None,
        };
    }
    match resource.attr("vpc_id") {
        None | Some(Value::Null) => Target::None,
        Some(value) => match read::non_empty_text(Some(value)) {
            Field::Absent => Target::None,
            _ => Target::Value(value),
        },
    }
}
