//! The translation tables: one live API object → the Terraform resources the AWS provider
//! would keep in state for it. One module per service area; AWS Config and the CLI share
//! them (see [`super::api::Obj`] for why the spelling of members does not matter).

mod cloudfront;
mod cloudtrail;
mod dynamodb;
mod ec2;
mod ecr;
mod ecs;
mod elasticache;
mod elb;
mod elbv2;
mod guardduty;
mod iam;
mod kms;
mod launch;
mod messaging;
mod rds;
pub mod s3;

use std::collections::BTreeMap;

use super::api::{Leaf, Obj};
use super::build::{patch, At, Attrs, Val};
use crate::diagnostics::Notification;
use crate::load::LoadError;
use crate::model::RawResource;

pub use elb::attributes as classic_load_balancer_attributes;
pub use elbv2::{classic_web_acl_for_resource, load_balancer_attributes, web_acl_for_resource};
pub use guardduty::get_detector;
pub use kms::{key_policy, key_rotation_status};
pub use messaging::attributes;
pub use rds::parameters as db_parameters;

/// The live objects palisade translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shape {
    SecurityGroup,
    SecurityGroupRule,
    NetworkAcl,
    Subnet,
    Vpc,
    FlowLog,
    Volume,
    Role,
    User,
    Group,
    ManagedPolicy,
    Key,
    DbInstance,
    DbCluster,
    ReplicationGroup,
    LoadBalancer,
    Listener,
    Trail,
    Bucket,
    AccountPublicAccessBlock,
    TaskDefinition,
    Queue,
    Topic,
    EcrRepository,
    EcrRegistryScanning,
    CacheCluster,
    LaunchTemplate,
    LaunchConfiguration,
    DbParameterGroup,
    ClassicLoadBalancer,
    GuardDutyDetector,
    Distribution,
    Table,
    LogGroup,
}

impl Shape {
    /// The AWS Config resource type of each shape.
    pub const CONFIG_TYPES: &'static [(&'static str, Shape)] = &[
        ("AWS::EC2::SecurityGroup", Shape::SecurityGroup),
        ("AWS::EC2::NetworkAcl", Shape::NetworkAcl),
        ("AWS::EC2::Subnet", Shape::Subnet),
        ("AWS::EC2::VPC", Shape::Vpc),
        ("AWS::EC2::FlowLog", Shape::FlowLog),
        ("AWS::EC2::Volume", Shape::Volume),
        ("AWS::IAM::Role", Shape::Role),
        ("AWS::IAM::User", Shape::User),
        ("AWS::IAM::Group", Shape::Group),
        ("AWS::IAM::Policy", Shape::ManagedPolicy),
        ("AWS::KMS::Key", Shape::Key),
        ("AWS::RDS::DBInstance", Shape::DbInstance),
        ("AWS::RDS::DBCluster", Shape::DbCluster),
        (
            "AWS::ElastiCache::ReplicationGroup",
            Shape::ReplicationGroup,
        ),
        (
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            Shape::LoadBalancer,
        ),
        ("AWS::ElasticLoadBalancingV2::Listener", Shape::Listener),
        ("AWS::CloudTrail::Trail", Shape::Trail),
        ("AWS::S3::Bucket", Shape::Bucket),
        (
            "AWS::S3::AccountPublicAccessBlock",
            Shape::AccountPublicAccessBlock,
        ),
        ("AWS::ECS::TaskDefinition", Shape::TaskDefinition),
        ("AWS::SQS::Queue", Shape::Queue),
        ("AWS::SNS::Topic", Shape::Topic),
        ("AWS::ECR::Repository", Shape::EcrRepository),
        ("AWS::ElastiCache::CacheCluster", Shape::CacheCluster),
        ("AWS::EC2::LaunchTemplate", Shape::LaunchTemplate),
        (
            "AWS::AutoScaling::LaunchConfiguration",
            Shape::LaunchConfiguration,
        ),
        (
            "AWS::ElasticLoadBalancing::LoadBalancer",
            Shape::ClassicLoadBalancer,
        ),
        ("AWS::GuardDuty::Detector", Shape::GuardDutyDetector),
        ("AWS::CloudFront::Distribution", Shape::Distribution),
        ("AWS::DynamoDB::Table", Shape::Table),
        ("AWS::Logs::LogGroup", Shape::LogGroup),
    ];

    /// The CLI output member listing objects of each shape (`describe-security-groups`
    /// → `SecurityGroups`).
    pub const CLI_LISTS: &'static [(&'static str, Shape)] = &[
        ("SecurityGroups", Shape::SecurityGroup),
        ("SecurityGroupRules", Shape::SecurityGroupRule),
        ("NetworkAcls", Shape::NetworkAcl),
        ("Subnets", Shape::Subnet),
        ("Vpcs", Shape::Vpc),
        ("FlowLogs", Shape::FlowLog),
        ("Volumes", Shape::Volume),
        ("RoleDetailList", Shape::Role),
        ("UserDetailList", Shape::User),
        ("GroupDetailList", Shape::Group),
        ("Policies", Shape::ManagedPolicy),
        ("DBInstances", Shape::DbInstance),
        ("DBClusters", Shape::DbCluster),
        ("ReplicationGroups", Shape::ReplicationGroup),
        ("LoadBalancers", Shape::LoadBalancer),
        ("Listeners", Shape::Listener),
        ("trailList", Shape::Trail),
        ("Buckets", Shape::Bucket),
        ("repositories", Shape::EcrRepository),
        ("CacheClusters", Shape::CacheCluster),
        ("LaunchTemplateVersions", Shape::LaunchTemplate),
        ("LaunchConfigurations", Shape::LaunchConfiguration),
        ("DBParameterGroups", Shape::DbParameterGroup),
        ("DBClusterParameterGroups", Shape::DbParameterGroup),
        ("LoadBalancerDescriptions", Shape::ClassicLoadBalancer),
        ("logGroups", Shape::LogGroup),
    ];

    /// The CLI output member holding one object of a shape (`describe-task-definition`
    /// → `taskDefinition`).
    pub const CLI_OBJECTS: &'static [(&'static str, Shape)] = &[
        ("taskDefinition", Shape::TaskDefinition),
        ("Table", Shape::Table),
    ];

    pub fn of_config_type(resource_type: &str) -> Option<Shape> {
        Shape::CONFIG_TYPES
            .iter()
            .find(|(t, _)| *t == resource_type)
            .map(|(_, shape)| *shape)
    }
}

/// One live object to translate, with what its envelope adds.
pub struct Item<'a> {
    /// The API object: Config's `configuration`, or one element of a CLI list.
    pub config: Obj<'a>,
    /// Where a finding on the whole resource points: the Config item's `resourceType`
    /// line, or the CLI object.
    pub at: At,
    /// The resource's ARN when the envelope has it (Config's `ARN`).
    pub arn: Option<Leaf<&'a str>>,
    /// AWS Config's `supplementaryConfiguration` (S3 bucket encryption, policies …).
    pub supplementary: Option<Obj<'a>>,
    /// Where the supplementary configuration is, when the item has the member.
    pub supplementary_at: Option<At>,
    pub source: Source,
}

/// Which export an item comes from: the two record different things (AWS Config keeps
/// no key rotation status; the CLI's per-bucket calls are separate files).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Config,
    Cli,
}

/// What a translation yields.
pub enum Piece {
    Resource(RawResource),
    /// Attributes for a resource of the unit read from another file (a key's rotation
    /// status): added to the resource `id` if the unit has it as one of `kinds`, else a
    /// resource of `kinds[0]` is made of them, placed at `at`.
    Patch {
        kinds: &'static [&'static str],
        id: String,
        attrs: Attrs,
        at: At,
    },
    /// Nothing to scan, but worth saying (`--verbose`).
    Note(Notification),
}

pub fn translate(shape: Shape, item: &Item) -> Result<Vec<Piece>, LoadError> {
    match shape {
        Shape::SecurityGroup => ec2::security_group(item),
        Shape::SecurityGroupRule => ec2::security_group_rule(item),
        Shape::NetworkAcl => ec2::network_acl(item),
        Shape::Subnet => ec2::subnet(item),
        Shape::Vpc => ec2::vpc(item),
        Shape::FlowLog => ec2::flow_log(item),
        Shape::Volume => ec2::volume(item),
        Shape::Role => iam::role(item),
        Shape::User => iam::user(item),
        Shape::Group => iam::group(item),
        Shape::ManagedPolicy => iam::managed_policy(item),
        Shape::Key => kms::key(item),
        Shape::DbInstance => rds::instance(item),
        Shape::DbCluster => rds::cluster(item),
        Shape::ReplicationGroup => elasticache::replication_group(item),
        Shape::LoadBalancer => elbv2::load_balancer(item),
        Shape::Listener => elbv2::listener(item),
        Shape::Trail => cloudtrail::trail(item),
        Shape::Bucket => s3::bucket(item),
        Shape::AccountPublicAccessBlock => s3::account_public_access_block(item),
        Shape::TaskDefinition => ecs::task_definition(item),
        Shape::Queue => messaging::queue(item),
        Shape::Topic => messaging::topic(item),
        Shape::EcrRepository => ecr::repository(item),
        Shape::EcrRegistryScanning => ecr::registry_scanning(item),
        Shape::CacheCluster => elasticache::cache_cluster(item),
        Shape::LaunchTemplate => launch::template(item),
        Shape::LaunchConfiguration => launch::configuration(item),
        Shape::DbParameterGroup => rds::parameter_group(item),
        Shape::ClassicLoadBalancer => elb::load_balancer(item),
        Shape::GuardDutyDetector => guardduty::detector(item),
        Shape::Distribution => cloudfront::distribution(item),
        Shape::Table => dynamodb::table(item),
        Shape::LogGroup => dynamodb::log_group(item),
    }
}

/// Puts a unit's pieces together: patches join their resources, resources named twice
/// keep the first (with a warning), and what only a unit as a whole can say is filled in
/// (a VPC's default network ACL; group rules the groups' own listing already has).
pub fn assemble(pieces: Vec<(Piece, usize)>, notes: &mut Vec<Notification>) -> Vec<RawResource> {
    let mut resources: Vec<RawResource> = Vec::new();
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut patches = Vec::new();
    for (piece, _) in pieces {
        match piece {
            Piece::Resource(resource) => {
                if by_id.contains_key(&resource.id) {
                    notes.push(Notification::note(
                        crate::diagnostics::Stage::Load,
                        format!(
                            "{} ({}) appears more than once in the export; the first is used",
                            resource.id, resource.kind
                        ),
                    ));
                    continue;
                }
                by_id.insert(resource.id.clone(), resources.len());
                resources.push(resource);
            }
            Piece::Patch {
                kinds,
                id,
                attrs,
                at,
            } => patches.push((kinds, id, attrs, at)),
            Piece::Note(note) => notes.push(note),
        }
    }
    for (kinds, id, attrs, at) in patches {
        match by_id.get(&id).and_then(|&i| resources.get_mut(i)) {
            Some(resource) if kinds.contains(&resource.kind.as_str()) => patch(resource, attrs),
            // An AWS managed key's rotation or policy: AWS rotates those itself.
            Some(_) => {}
            None => {
                let Some(kind) = kinds.first() else { continue };
                let mut attrs = attrs;
                if !attrs.has("id") {
                    attrs.text("id", &id, at);
                }
                by_id.insert(id.clone(), resources.len());
                resources.push(attrs.resource(&id, kind, at));
            }
        }
    }
    ec2::drop_listed_rules(&mut resources, notes);
    ec2::link_default_acls(&mut resources);
    resources
}

// --- helpers the tables share -----------------------------------------------------------

/// `Tags: [{Key, Value}]` (API; RDS calls it `TagList`) → `tags = {k = v}` (Terraform).
fn tags(obj: &Obj, attrs: &mut Attrs) -> Result<(), LoadError> {
    let member = if obj.entry("tags").is_some() {
        "tags"
    } else if obj.entry("tagList").is_some() {
        "tagList"
    } else {
        return Ok(());
    };
    let mut map = crate::model::value::Map::new();
    let node = obj.get(member);
    match node.map(|n| &n.kind) {
        // Config's item-level `tags` is already a map.
        Some(crate::load::cfn::node::Kind::Map(_)) => {
            if let Some(tags) = obj.obj(member)? {
                for entry in tags.node.entries().unwrap_or_default() {
                    if let Some(value) = entry.value.as_str() {
                        map.insert(entry.key.clone(), crate::model::Value::from(value));
                    }
                }
            }
        }
        _ => {
            for tag in obj.objects(member)? {
                let key = tag.str("key")?;
                let value = tag.str("value")?;
                if let Some(key) = key {
                    map.insert(
                        key.value.to_owned(),
                        crate::model::Value::from(value.map_or("", |v| v.value)),
                    );
                }
            }
        }
    }
    attrs.put(
        "tags",
        Val::of(crate::model::Value::Map(map)),
        obj.at_of(member),
    );
    Ok(())
}

/// How a member is read.
#[derive(Clone, Copy)]
enum As {
    Str,
    Bool,
    Int,
}

/// Copies members that map one to one to attributes, as (API member, Terraform
/// attribute, type), when present: most of a translation table.
fn copy(obj: &Obj, attrs: &mut Attrs, table: &[(&str, &str, As)]) -> Result<(), LoadError> {
    for &(member, attr, kind) in table {
        match kind {
            As::Str => copy_str(obj, member, attrs, attr)?,
            As::Bool => copy_bool(obj, member, attrs, attr)?,
            As::Int => copy_int(obj, member, attrs, attr)?,
        }
    }
    Ok(())
}

/// Copies a string member to an attribute when present.
fn copy_str(obj: &Obj, member: &str, attrs: &mut Attrs, attr: &str) -> Result<(), LoadError> {
    if let Some(leaf) = obj.str(member)? {
        attrs.text(attr, leaf.value, leaf.at);
    }
    Ok(())
}

/// Copies a list of strings to an attribute, an empty list when the member is absent.
fn copy_strings(obj: &Obj, member: &str, attrs: &mut Attrs, attr: &str) -> Result<(), LoadError> {
    let texts = obj
        .strings(member)?
        .into_iter()
        .map(|leaf| (leaf.value.to_owned(), leaf.at))
        .collect();
    attrs.put(attr, Val::texts(texts), obj.at_of(member));
    Ok(())
}

fn copy_bool(obj: &Obj, member: &str, attrs: &mut Attrs, attr: &str) -> Result<(), LoadError> {
    if let Some(leaf) = obj.bool(member)? {
        attrs.put(attr, Val::bool(leaf.value), leaf.at);
    }
    Ok(())
}

fn copy_int(obj: &Obj, member: &str, attrs: &mut Attrs, attr: &str) -> Result<(), LoadError> {
    if let Some(leaf) = obj.int(member)? {
        attrs.put(attr, Val::int(leaf.value), leaf.at);
    }
    Ok(())
}

/// The resource's ARN: the envelope's, else the object's own member.
fn arn<'a>(item: &Item<'a>, member: &str) -> Result<Option<Leaf<&'a str>>, LoadError> {
    match item.config.str(member)? {
        Some(own) => Ok(Some(own)),
        None => Ok(item.arn.clone()),
    }
}
