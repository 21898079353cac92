//! The normaliser turns every declaration form into the same model elements.

// Test helpers outside #[test] functions may panic on bad data: that is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::Arc;

use palisade::load::Document;
use palisade::model::{RawResource, SourceFormat, Value};
use palisade::source::{SourceFile, Span};
use serde_json::json;

fn resource(id: &str, kind: &str, attributes: serde_json::Value) -> RawResource {
    RawResource::new(id, kind, Value::from(&attributes), Span::default())
}

fn with(mut r: RawResource, key: &str, value: Value) -> RawResource {
    if let Value::Map(map) = &mut r.attributes {
        map.insert(key.to_owned(), value);
    }
    r
}

fn unknown(refs: &[&str]) -> Value {
    Value::unknown(
        "known after apply",
        refs.iter().map(|s| s.to_string()).collect(),
    )
}

fn model(
    format: SourceFormat,
    resources: Vec<RawResource>,
) -> (serde_json::Value, Vec<palisade::diagnostics::Notification>) {
    let document = Document::single(
        Arc::new(SourceFile::new("t".into(), "t".into(), "")),
        format,
        resources,
        Vec::new(),
    );
    let (estate, notes) = palisade::normalise::normalise(&document);
    (serde_json::to_value(&estate).unwrap()["aws"].clone(), notes)
}

#[test]
fn terraform_security_group_rules_in_every_form_join_their_group() {
    let group = resource(
        "aws_security_group.app",
        "aws_security_group",
        json!({"name": "app", "ingress": [
            {"protocol": "tcp", "from_port": 8000, "to_port": 8000, "cidr_blocks": ["10.0.0.0/16"],
             "security_groups": ["sg-alb", "sg-ops"], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "self": false, "description": ""}
        ]}),
    );
    let group = with(group, "egress", unknown(&[])); // unset computed: no inline egress
    let rule = with(
        resource(
            "aws_security_group_rule.ssh",
            "aws_security_group_rule",
            json!({"type": "ingress", "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}),
        ),
        "security_group_id",
        unknown(&["aws_security_group.app"]),
    );
    let vpc_rule = resource(
        "aws_vpc_security_group_egress_rule.db",
        "aws_vpc_security_group_egress_rule",
        json!({"security_group_id": "sg-live", "ip_protocol": "tcp", "from_port": 5432, "to_port": 5432, "referenced_security_group_id": "sg-db"}),
    );
    let (aws, notes) = model(SourceFormat::TerraformPlan, vec![group, rule, vpc_rule]);
    assert!(notes.is_empty());
    let groups = aws["security_groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{aws:#}");
    let app = &groups[0];
    assert_eq!(
        app["unknown"],
        json!([]),
        "an unset computed egress list is not unknown"
    );
    let rules = app["rules"].as_array().unwrap();
    assert_eq!(
        rules.len(),
        4,
        "cidr rule + one per peer group + the separate rule: {app:#}"
    );
    assert_eq!(rules[0]["cidr_ipv4"], json!(["10.0.0.0/16"]));
    assert_eq!(rules[1]["source_group"], "sg-alb");
    assert_eq!(rules[2]["source_group"], "sg-ops");
    assert_eq!(rules[0]["path"], json!(["ingress", 0]));
    assert_eq!(rules[3]["id"], "aws_security_group_rule.ssh");
    assert_eq!(rules[3]["protocol"], "all");
    assert_eq!(
        (rules[3]["from_port"].clone(), rules[3]["to_port"].clone()),
        (json!(0), json!(65535))
    );
    let live = &groups[1];
    assert_eq!(
        live["id"], "aws_vpc_security_group_egress_rule.db",
        "placeholder for a group outside the unit"
    );
    assert_eq!(live["name"], "sg-live");
    assert_eq!(live["rules"][0]["direction"], "egress");
    assert_eq!(live["rules"][0]["source_group"], "sg-db");
}

#[test]
fn cloudformation_rules_and_unknown_fields() {
    let group = resource(
        "Web",
        "AWS::EC2::SecurityGroup",
        json!({"GroupDescription": "web", "Tags": [{"Key": "Tier", "Value": "alb"}],
               "SecurityGroupIngress": [{"IpProtocol": 6, "FromPort": "443", "ToPort": "443", "CidrIp": "0.0.0.0/0"}]}),
    );
    let ingress = with(
        with(
            resource(
                "WebSsh",
                "AWS::EC2::SecurityGroupIngress",
                json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22}),
            ),
            "GroupId",
            Value::unknown("Fn::GetAtt Web.GroupId", vec!["Web".into()]),
        ),
        "CidrIp",
        Value::unknown("parameter AdminCidr has no default", vec![]),
    );
    let (aws, _) = model(SourceFormat::Cloudformation, vec![group, ingress]);
    let web = &aws["security_groups"][0];
    assert_eq!(web["tags"], json!({"Tier": "alb"}));
    assert_eq!(web["rules"][0]["protocol"], "tcp");
    assert_eq!(web["rules"][0]["from_port"], 443);
    assert_eq!(web["rules"][0]["path"], json!(["SecurityGroupIngress", 0]));
    // No SecurityGroupEgress: CloudFormation's allow-all egress, on the group itself.
    assert_eq!(web["rules"][1]["implicit"], true);
    assert_eq!(web["rules"][1]["direction"], "egress");
    assert_eq!(web["rules"][1]["path"], json!([]));
    assert_eq!(web["rules"][1]["cidr_ipv4"], json!(["0.0.0.0/0"]));
    assert_eq!(web["rules"][1]["protocol"], "all");
    assert_eq!(web["rules"][2]["id"], "WebSsh");
    assert_eq!(web["rules"][2]["implicit"], false);
    assert_eq!(web["rules"][2]["unknown"], json!(["cidr_ipv4"]));
    assert_eq!(web["rules"][2]["cidr_ipv4"], json!([]));
}

#[test]
fn s3_encryption_from_a_separate_resource_points_there() {
    let bucket = with(
        resource(
            "aws_s3_bucket.logs",
            "aws_s3_bucket",
            json!({"bucket": "logs"}),
        ),
        "server_side_encryption_configuration",
        unknown(&[]),
    );
    let config = with(
        resource(
            "aws_s3_bucket_server_side_encryption_configuration.logs",
            "aws_s3_bucket_server_side_encryption_configuration",
            json!({"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}),
        ),
        "bucket",
        unknown(&["aws_s3_bucket.logs"]),
    );
    let plain = with(
        resource(
            "aws_s3_bucket.plain",
            "aws_s3_bucket",
            json!({"bucket": "plain"}),
        ),
        "server_side_encryption_configuration",
        unknown(&[]),
    );
    let (aws, _) = model(SourceFormat::TerraformPlan, vec![bucket, config, plain]);
    let stores = aws["data_stores"].as_array().unwrap();
    assert_eq!(stores[0]["sse_algorithm"], "aws:kms");
    assert_eq!(
        stores[0]["sources"]["sse_algorithm"]["id"],
        "aws_s3_bucket_server_side_encryption_configuration.logs"
    );
    assert_eq!(
        stores[0]["sources"]["sse_algorithm"]["path"],
        json!([
            "rule",
            0,
            "apply_server_side_encryption_by_default",
            0,
            "sse_algorithm"
        ])
    );
    assert!(stores[1].get("sse_algorithm").is_none(), "{:#}", stores[1]);
    assert_eq!(
        stores[1]["unknown"],
        json!([]),
        "an unset computed block means: not declared"
    );
}

#[test]
fn rds_members_replicas_and_unknown_encryption() {
    let (aws, _) = model(
        SourceFormat::TerraformPlan,
        vec![
            with(
                resource(
                    "aws_rds_cluster_instance.a",
                    "aws_rds_cluster_instance",
                    json!({"engine": "aurora-postgresql"}),
                ),
                "cluster_identifier",
                unknown(&["aws_rds_cluster.main"]),
            ),
            resource(
                "aws_db_instance.replica",
                "aws_db_instance",
                json!({"replicate_source_db": "primary"}),
            ),
            with(
                resource("aws_db_instance.x", "aws_db_instance", json!({})),
                "storage_encrypted",
                unknown(&["aws_kms_key.k"]),
            ),
        ],
    );
    let stores = aws["data_stores"].as_array().unwrap();
    assert_eq!(stores[0]["cluster"], "aws_rds_cluster.main");
    assert_eq!(stores[1]["encryption_inherited_from"], "replica");
    assert_eq!(stores[2]["unknown"], json!(["encrypted_at_rest"]));
}

#[test]
fn iam_documents_from_strings_objects_and_data_sources() {
    let policy = resource(
        "aws_iam_policy.admin",
        "aws_iam_policy",
        json!({"name": "admin", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"}),
    );
    let broken = resource(
        "aws_iam_role_policy.bad",
        "aws_iam_role_policy",
        json!({"policy": "{not json"}),
    );
    let data = resource(
        "data.aws_iam_policy_document.doc",
        "aws_iam_policy_document",
        json!({"statement": [{"effect": "Allow", "actions": ["S3:GetObject"], "resources": ["*"],
                              "principals": [{"type": "AWS", "identifiers": ["*"]}]}]}),
    );
    let from_data = with(
        resource("aws_s3_bucket_policy.p", "aws_s3_bucket_policy", json!({})),
        "policy",
        unknown(&["data.aws_iam_policy_document.doc"]),
    );
    let (aws, notes) = model(
        SourceFormat::TerraformPlan,
        vec![policy, broken, data, from_data],
    );
    assert_eq!(notes.len(), 1, "invalid JSON is reported: {notes:?}");
    assert!(notes[0].message.contains("aws_iam_role_policy.bad"));
    let policies = aws["iam"]["policies"].as_array().unwrap();
    let admin = &policies[0];
    assert_eq!(admin["kind"], "identity");
    assert_eq!(admin["statements"][0]["actions"], json!(["*"]));
    assert_eq!(admin["statements"][0]["path"], json!(["policy"]));
    let bucket_policy = policies
        .iter()
        .find(|p| p["id"] == "aws_s3_bucket_policy.p")
        .unwrap();
    assert_eq!(bucket_policy["kind"], "resource");
    let statement = &bucket_policy["statements"][0];
    assert_eq!(statement["id"], "data.aws_iam_policy_document.doc");
    assert_eq!(statement["actions"], json!(["s3:getobject"]));
    assert_eq!(statement["principals"]["all"], true);

    let role = resource(
        "Role",
        "AWS::IAM::Role",
        json!({"AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
               "Policies": [{"PolicyName": "inline", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]}}]}),
    );
    let (aws, _) = model(SourceFormat::Cloudformation, vec![role]);
    let policies = aws["iam"]["policies"].as_array().unwrap();
    assert_eq!(policies[0]["kind"], "trust");
    assert_eq!(
        policies[0]["statements"][0]["principals"]["service"],
        json!(["ecs-tasks.amazonaws.com"])
    );
    assert_eq!(
        policies[0]["statements"][0]["path"],
        json!(["AssumeRolePolicyDocument", "Statement", 0])
    );
    assert_eq!(policies[1]["name"], "inline");
    assert_eq!(
        policies[1]["statements"][0]["path"],
        json!(["Policies", 0, "PolicyDocument", "Statement", 0])
    );
}

#[test]
fn iam_data_sources_merge_source_and_override_documents() {
    // The bucket policy renders `this`, whose JSON is unknown because a source document
    // names the ELB account (a data source). Its references name both documents; the
    // rendered one is `this`, the one no other document merges.
    let delivery = resource(
        "data.aws_iam_policy_document.alb_delivery",
        "aws_iam_policy_document",
        json!({"statement": [{"sid": "Delivery", "actions": ["s3:PutObject"], "resources": ["arn:aws:s3:::logs/*"]}]}),
    );
    let this = with(
        resource(
            "data.aws_iam_policy_document.this",
            "aws_iam_policy_document",
            json!({
                "statement": [
                    {"sid": "Shared", "effect": "Deny", "actions": ["s3:DeleteObject"], "resources": ["*"]},
                    {"sid": "DenyInsecureTransport", "effect": "Deny", "actions": ["s3:GetObject"], "resources": ["*"]}
                ],
                "override_policy_documents": [
                    "{\"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"
                ]
            }),
        ),
        "source_policy_documents",
        Value::List(vec![
            unknown(&[
                "data.aws_iam_policy_document.alb_delivery",
                "data.aws_elb_service_account.this",
            ]),
            Value::from(
                "{\"Statement\":[{\"Sid\":\"Shared\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}",
            ),
        ]),
    );
    let bucket_policy = with(
        resource("aws_s3_bucket_policy.p", "aws_s3_bucket_policy", json!({})),
        "policy",
        unknown(&[
            "data.aws_elb_service_account.this",
            "data.aws_iam_policy_document.alb_delivery",
            "data.aws_iam_policy_document.this",
        ]),
    );
    let (aws, notes) = model(
        SourceFormat::TerraformPlan,
        vec![delivery, this, bucket_policy],
    );
    assert!(notes.is_empty(), "{notes:?}");
    let policy = aws["iam"]["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "aws_s3_bucket_policy.p")
        .unwrap()
        .clone();
    let summary: Vec<(String, String, String, serde_json::Value)> = policy["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["sid"].as_str().unwrap().to_owned(),
                s["effect"].as_str().unwrap().to_owned(),
                s["actions"].clone(),
            )
        })
        .collect();
    let doc = "data.aws_iam_policy_document.this".to_owned();
    assert_eq!(
        summary,
        vec![
            // Sources first: the other document's statement, read from its blocks …
            (
                "data.aws_iam_policy_document.alb_delivery".to_owned(),
                "Delivery".to_owned(),
                "Allow".to_owned(),
                json!(["s3:putobject"])
            ),
            // … and a known JSON source, whose `Shared` the document's own replaces;
            (
                doc.clone(),
                "Shared".to_owned(),
                "Deny".to_owned(),
                json!(["s3:deleteobject"])
            ),
            // the override replaces the own statement with the same sid.
            (
                doc.clone(),
                "DenyInsecureTransport".to_owned(),
                "Deny".to_owned(),
                json!(["s3:*"])
            ),
        ]
    );
    let deny = &policy["statements"][2];
    assert_eq!(deny["path"], json!(["override_policy_documents", 0]));
    assert_eq!(deny["principals"]["all"], true);
    assert_eq!(
        deny["conditions"],
        json!({"Bool": {"aws:SecureTransport": "false"}})
    );
}

#[test]
fn federated_principals_that_refer_to_an_oidc_provider_of_the_unit_are_its_arn() {
    let provider = resource(
        "aws_iam_openid_connect_provider.github",
        "aws_iam_openid_connect_provider",
        json!({"url": "https://token.actions.githubusercontent.com", "client_id_list": ["sts.amazonaws.com"]}),
    );
    let trust = with(
        resource(
            "data.aws_iam_policy_document.trust",
            "aws_iam_policy_document",
            json!({}),
        ),
        "statement",
        Value::List(vec![Value::Map(
            [
                (
                    "actions".to_owned(),
                    Value::from(&json!(["sts:AssumeRoleWithWebIdentity"])),
                ),
                (
                    "principals".to_owned(),
                    Value::List(vec![Value::Map(
                        [
                            ("type".to_owned(), Value::from("Federated")),
                            (
                                "identifiers".to_owned(),
                                Value::List(vec![unknown(&[
                                    "aws_iam_openid_connect_provider.github",
                                ])]),
                            ),
                        ]
                        .into_iter()
                        .collect(),
                    )]),
                ),
            ]
            .into_iter()
            .collect(),
        )]),
    );
    let role = with(
        resource(
            "aws_iam_role.deploy",
            "aws_iam_role",
            json!({"name": "deploy"}),
        ),
        "assume_role_policy",
        unknown(&[
            "aws_iam_openid_connect_provider.github",
            "data.aws_iam_policy_document.trust",
        ]),
    );
    // CloudFormation: `Federated: !Ref Provider`.
    let cfn_provider = resource(
        "Provider",
        "AWS::IAM::OIDCProvider",
        json!({"Url": "https://token.actions.githubusercontent.com"}),
    );
    let cfn_role = with(
        resource("Role", "AWS::IAM::Role", json!({})),
        "AssumeRolePolicyDocument",
        Value::Map(
            [(
                "Statement".to_owned(),
                Value::List(vec![Value::Map(
                    [
                        ("Effect".to_owned(), Value::from("Allow")),
                        (
                            "Action".to_owned(),
                            Value::from("sts:AssumeRoleWithWebIdentity"),
                        ),
                        (
                            "Principal".to_owned(),
                            Value::Map(
                                [("Federated".to_owned(), unknown(&["Provider"]))]
                                    .into_iter()
                                    .collect(),
                            ),
                        ),
                    ]
                    .into_iter()
                    .collect(),
                )]),
            )]
            .into_iter()
            .collect(),
        ),
    );
    let arn = json!(["arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com"]);
    let (aws, _) = model(SourceFormat::TerraformPlan, vec![provider, trust, role]);
    let statement = &aws["iam"]["policies"][0]["statements"][0];
    assert_eq!(statement["principals"]["federated"], arn);
    assert!(!statement["unknown"]
        .as_array()
        .unwrap()
        .contains(&json!("principals")));
    let (aws, _) = model(SourceFormat::Cloudformation, vec![cfn_provider, cfn_role]);
    assert_eq!(
        aws["iam"]["policies"][0]["statements"][0]["principals"]["federated"],
        arn
    );
}
