//! WAF web ACL associations, joined to the load balancers they protect. An association
//! names its target by ARN: a reference to a load balancer of the unit (Terraform
//! `aws_lb.web.arn`, CloudFormation `!Ref Alb` or `!GetAtt Alb.LoadBalancerArn`), or a
//! literal ARN. What the target is decides what the association means here:
//!
//! - one load balancer of the unit: the association is listed under it;
//! - one of several load balancers of the unit (a conditional reference): each of them
//!   may be protected, so each has `web_acls` in its `unknown`;
//! - nothing the unit can resolve (a variable without a value, `!ImportValue`, a
//!   module output that was not evaluated): any load balancer of the unit may be the
//!   one, so every load balancer has `web_acls` in its `unknown`;
//! - anything else (another load balancer, an API Gateway stage, a Cognito user pool):
//!   the association concerns no load balancer of the unit and is not listed.
//!
//! A literal ARN of an Application Load Balancer
//! (`…:loadbalancer/app/NAME/ID`) resolves to the load balancer of the unit with that
//! name, since a configuration can only name an existing load balancer that way.

use super::load_balancers::LB_KINDS;
use super::read::{self, Field};
use super::ResourceIndex;
use crate::model::estate::{LoadBalancer, WebAclAssociation};
use crate::model::{RawResource, Value};

/// Association resource types, with the attribute naming the target and the one naming
/// the web ACL.
const ASSOCIATIONS: &[(&str, &str, &str)] = &[
    (
        "aws_wafv2_web_acl_association",
        "resource_arn",
        "web_acl_arn",
    ),
    (
        "aws_wafregional_web_acl_association",
        "resource_arn",
        "web_acl_id",
    ),
    ("AWS::WAFv2::WebACLAssociation", "ResourceArn", "WebACLArn"),
    (
        "AWS::WAFRegional::WebACLAssociation",
        "ResourceArn",
        "WebACLId",
    ),
];

const WEB_ACL_KINDS: &[&str] = &[
    "aws_wafv2_web_acl",
    "aws_wafregional_web_acl",
    "AWS::WAFv2::WebACL",
    "AWS::WAFRegional::WebACL",
];

const UNKNOWN: &str = "web_acls";

/// What an association's target resolves to, as indexes into the load balancers.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    One(usize),
    OneOf(Vec<usize>),
    Unresolved,
    Elsewhere,
}

pub fn link(balancers: &mut [LoadBalancer], index: &ResourceIndex) {
    let mut may_be_any = false;
    for &(kind, target_attr, acl_attr) in ASSOCIATIONS {
        for resource in index.of_kind(&[kind]) {
            match target(resource.attr(target_attr), index, balancers) {
                Target::One(i) => {
                    if let Some(balancer) = balancers.get_mut(i) {
                        balancer
                            .web_acls
                            .push(association(resource, acl_attr, index));
                    }
                }
                Target::OneOf(candidates) => {
                    for i in candidates {
                        if let Some(balancer) = balancers.get_mut(i) {
                            mark_unknown(balancer);
                        }
                    }
                }
                Target::Unresolved => may_be_any = true,
                Target::Elsewhere => {}
            }
        }
    }
    if may_be_any {
        for balancer in balancers.iter_mut().filter(|b| !b.external) {
            mark_unknown(balancer);
        }
    }
}

fn mark_unknown(balancer: &mut LoadBalancer) {
    if !balancer.unknown.contains(&UNKNOWN) {
        balancer.unknown.push(UNKNOWN);
    }
}

fn association(resource: &RawResource, acl_attr: &str, index: &ResourceIndex) -> WebAclAssociation {
    let mut association = WebAclAssociation {
        id: resource.id.clone(),
        ..WebAclAssociation::default()
    };
    read::reference(resource.attr(acl_attr), index, WEB_ACL_KINDS).store(
        &mut association.web_acl,
        "web_acl",
        &mut association.unknown,
    );
    association
}

fn target(value: Option<&Value>, index: &ResourceIndex, balancers: &[LoadBalancer]) -> Target {
    let declared = |id: &str| balancers.iter().position(|b| !b.external && b.id == id);
    match value {
        // An association without a target cannot be created: nothing to join.
        None | Some(Value::Null) => Target::Elsewhere,
        Some(Value::Unknown(unknown)) => {
            let mut candidates: Vec<usize> = Vec::new();
            let mut unresolved = unknown.refs.is_empty();
            for id in &unknown.refs {
                match declared(id) {
                    Some(i) if !candidates.contains(&i) => candidates.push(i),
                    Some(_) => {}
                    None => unresolved |= index.get(id).is_none(),
                }
            }
            match (unresolved, candidates.as_slice()) {
                (true, _) => Target::Unresolved,
                (false, []) => Target::Elsewhere,
                (false, [one]) => Target::One(*one),
                (false, _) => Target::OneOf(candidates),
            }
        }
        Some(value) => {
            if let Some(i) = index
                .referenced(value, LB_KINDS)
                .and_then(|target| declared(&target.id))
            {
                return Target::One(i);
            }
            let Field::Known(arn) = read::non_empty_text(Some(value)) else {
                return Target::Elsewhere;
            };
            alb_name(&arn)
                .and_then(|name| {
                    balancers
                        .iter()
                        .position(|b| !b.external && b.name.as_deref() == Some(name))
                })
                .map_or(Target::Elsewhere, Target::One)
        }
    }
}

/// The name in an Application Load Balancer ARN:
/// `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/NAME/ID`.
fn alb_name(arn: &str) -> Option<&str> {
    let mut fields = arn.splitn(6, ':');
    if fields.next() != Some("arn") || fields.nth(1) != Some("elasticloadbalancing") {
        return None;
    }
    let mut resource = fields.nth(2)?.split('/');
    match (resource.next(), resource.next(), resource.next()) {
        (Some("loadbalancer"), Some("app"), Some(name)) if !name.is_empty() => Some(name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::value::Map;
    use crate::source::Span;

    fn resource(id: &str, kind: &str, attrs: &[(&str, Value)]) -> RawResource {
        let mut map = Map::new();
        for (k, v) in attrs {
            map.insert((*k).to_owned(), v.clone());
        }
        RawResource::new(id, kind, Value::Map(map), Span::default())
    }

    fn lb(id: &str, name: &str) -> LoadBalancer {
        LoadBalancer {
            id: id.to_owned(),
            name: Some(name.to_owned()),
            ..LoadBalancer::default()
        }
    }

    fn link_one(association: RawResource) -> Vec<LoadBalancer> {
        let resources = vec![
            resource(
                "aws_lb.web",
                "aws_lb",
                &[("name", Value::String("web".into()))],
            ),
            resource(
                "aws_lb.api",
                "aws_lb",
                &[("name", Value::String("api".into()))],
            ),
            resource("aws_api_gateway_stage.prod", "aws_api_gateway_stage", &[]),
            association,
        ];
        let index = ResourceIndex::new(&resources);
        let mut balancers = vec![lb("aws_lb.web", "web"), lb("aws_lb.api", "api")];
        link(&mut balancers, &index);
        balancers
    }

    fn wafv2(target: Value) -> RawResource {
        resource(
            "aws_wafv2_web_acl_association.web",
            "aws_wafv2_web_acl_association",
            &[
                ("resource_arn", target),
                (
                    "web_acl_arn",
                    Value::unknown("known after apply", vec!["aws_wafv2_web_acl.edge".into()]),
                ),
            ],
        )
    }

    fn state(balancers: &[LoadBalancer]) -> Vec<(usize, bool)> {
        balancers
            .iter()
            .map(|b| (b.web_acls.len(), b.unknown.contains(&UNKNOWN)))
            .collect()
    }

    #[test]
    fn a_reference_to_one_load_balancer_joins_it() {
        let balancers = link_one(wafv2(Value::unknown(
            "known after apply",
            vec!["aws_lb.web".into()],
        )));
        assert_eq!(state(&balancers), vec![(1, false), (0, false)]);
        assert_eq!(
            balancers[0].web_acls[0].id,
            "aws_wafv2_web_acl_association.web"
        );
    }

    #[test]
    fn a_conditional_reference_leaves_each_candidate_undecided() {
        let balancers = link_one(wafv2(Value::unknown(
            "known after apply",
            vec!["aws_lb.web".into(), "aws_lb.api".into()],
        )));
        assert_eq!(state(&balancers), vec![(0, true), (0, true)]);
    }

    #[test]
    fn an_unresolved_target_may_be_any_load_balancer() {
        let balancers = link_one(wafv2(Value::unknown("var.alb_arn has no value", vec![])));
        assert_eq!(state(&balancers), vec![(0, true), (0, true)]);
        let balancers = link_one(wafv2(Value::unknown(
            "module output",
            vec!["module.edge.aws_lb.this".into()],
        )));
        assert_eq!(state(&balancers), vec![(0, true), (0, true)]);
    }

    #[test]
    fn other_targets_concern_no_load_balancer_of_the_unit() {
        for target in [
            Value::unknown(
                "known after apply",
                vec!["aws_api_gateway_stage.prod".into()],
            ),
            Value::String(
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/other/50dc6c495c0c9188".into(),
            ),
            Value::String("arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod".into()),
            Value::Null,
        ] {
            assert_eq!(state(&link_one(wafv2(target))), vec![(0, false), (0, false)]);
        }
    }

    #[test]
    fn a_literal_alb_arn_resolves_by_name() {
        let balancers = link_one(wafv2(Value::String(
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/api/50dc6c495c0c9188"
                .into(),
        )));
        assert_eq!(state(&balancers), vec![(0, false), (1, false)]);
    }

    #[test]
    fn alb_names_come_only_from_application_load_balancer_arns() {
        assert_eq!(
            alb_name("arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/abc"),
            Some("web")
        );
        assert_eq!(
            alb_name("arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/net/web/abc"),
            None
        );
        assert_eq!(alb_name("arn:aws:elasticloadbalancing"), None);
        assert_eq!(alb_name("web"), None);
    }
}
