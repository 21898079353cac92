//! S3 buckets with what decides their exposure and encryption: default encryption,
//! block-public-access, the bucket policy and the bucket ACL. AWS Config records these as the bucket's
//! supplementary configuration; the CLI needs one call per bucket, kept in
//! `s3/<bucket>/` (see [`crate::load::live::cli`]).
//!
//! A bucket becomes `aws_s3_bucket` (its encryption and ACL grants inline, as the
//! provider keeps them in state), with an `aws_s3_bucket_public_access_block` and an `aws_s3_bucket_policy`
//! beside it, named `<bucket> public access block` and `<bucket> bucket policy`.
//! Recorded absence and missing data differ: a Config item without a bucket policy, or a
//! CLI call saved as `{}` (what the export script writes for `NoSuchBucketPolicy`),
//! means there is none; a CLI call not saved at all leaves the setting unknown.

use super::{Item, Piece};
use crate::load::live::api::{embedded, Leaf, Obj};
use crate::load::live::build::{At, Attrs, Val};
use crate::load::LoadError;

/// What the export says about one setting of a bucket.
pub enum Part<'a> {
    /// Not in the export: unknown, for this reason.
    NotExported(&'static str),
    /// Recorded as not configured, at this place.
    None(At),
    /// The setting's object (`ServerSideEncryptionConfiguration`'s value …).
    Some(Obj<'a>),
}

pub struct Parts<'a> {
    pub encryption: Part<'a>,
    pub public_access_block: Part<'a>,
    /// For a policy, the member holding the document text (`policyText`, `Policy`).
    pub policy: Part<'a>,
    /// The ACL: `get-bucket-acl`'s `{Owner, Grants}`, or Config's `{grantList, owner}`.
    pub acl: Part<'a>,
}

/// An `AWS::S3::Bucket` configuration item.
pub fn bucket(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let name = item.config.required_str("name", "a bucket")?;
    let none = item.supplementary_at.unwrap_or(item.at);
    let (mut encryption, mut public_access_block, mut policy) =
        (Part::None(none), Part::None(none), Part::None(none));
    let mut acl = Part::NotExported("AWS Config recorded no AccessControlList for this bucket");
    let mut owned = Vec::new();
    if let Some(supplementary) = item.supplementary.as_ref() {
        for member in [
            "ServerSideEncryptionConfiguration",
            "PublicAccessBlockConfiguration",
            "BucketPolicy",
            "AccessControlList",
        ] {
            if let Some(entry) = supplementary.entry(member) {
                owned.push((
                    member,
                    embedded(&entry.value, &format!("`{member}`"))?.into_owned(),
                ));
            }
        }
    }
    for (member, node) in &owned {
        let obj = Obj::new(node, item.config.file, &format!("`{member}`"))?;
        match *member {
            "ServerSideEncryptionConfiguration" => encryption = Part::Some(obj),
            "PublicAccessBlockConfiguration" => public_access_block = Part::Some(obj),
            "AccessControlList" => acl = Part::Some(obj),
            _ => {
                if obj.entry("policyText").is_some() {
                    policy = Part::Some(obj);
                }
            }
        }
    }
    let parts = Parts {
        encryption,
        public_access_block,
        policy,
        acl,
    };
    bucket_pieces(name, item.arn.clone(), item.at, parts)
}

/// The resources of one bucket.
pub fn bucket_pieces(
    name: Leaf<&str>,
    arn: Option<Leaf<&str>>,
    at: At,
    parts: Parts,
) -> Result<Vec<Piece>, LoadError> {
    let mut a = Attrs::new();
    a.text("id", name.value, name.at);
    a.text("bucket", name.value, name.at);
    if let Some(arn) = arn {
        a.text("arn", arn.value, arn.at);
    }
    match parts.encryption {
        Part::NotExported(why) => a.put(
            "server_side_encryption_configuration",
            Val::not_exported(why),
            at,
        ),
        Part::None(none) => a.put(
            "server_side_encryption_configuration",
            Val::list(Vec::new()),
            none,
        ),
        Part::Some(config) => a.put(
            "server_side_encryption_configuration",
            Val::list(vec![(encryption(&config)?, config.at())]),
            config.at(),
        ),
    };
    match parts.acl {
        Part::NotExported(why) => a.put("grant", Val::not_exported(why), at),
        Part::None(none) => a.put("grant", Val::list(Vec::new()), none),
        Part::Some(acl) => a.put("grant", grants(&acl)?, acl.at()),
    };
    let mut pieces = vec![Piece::Resource(a.resource(name.value, "aws_s3_bucket", at))];

    let mut block = Attrs::new();
    block.text("bucket", name.value, name.at);
    let block_at = match parts.public_access_block {
        Part::NotExported(why) => {
            for (_, attr) in SWITCHES {
                block.put(attr, Val::not_exported(why), at);
            }
            at
        }
        Part::None(none) => {
            for (_, attr) in SWITCHES {
                block.put(attr, Val::bool(false), none);
            }
            none
        }
        Part::Some(config) => {
            switches(&config, &mut block)?;
            config.at()
        }
    };
    pieces.push(Piece::Resource(block.resource(
        &format!("{} public access block", name.value),
        "aws_s3_bucket_public_access_block",
        block_at,
    )));

    let policy = match parts.policy {
        Part::NotExported(why) => Some((Val::not_exported(why), at)),
        Part::None(_) => None,
        Part::Some(holder) => {
            let entry = holder
                .entry("policyText")
                .or_else(|| holder.entry("policy"));
            match entry {
                Some(entry) => {
                    let tree = embedded(&entry.value, &format!("`{}`", entry.key))?;
                    Some((
                        Val::tree(&tree, holder.file),
                        At::new(holder.file, entry.span()),
                    ))
                }
                None => None,
            }
        }
    };
    if let Some((document, policy_at)) = policy {
        let mut p = Attrs::new();
        p.text("bucket", name.value, name.at);
        p.put("policy", document, policy_at);
        pieces.push(Piece::Resource(p.resource(
            &format!("{} bucket policy", name.value),
            "aws_s3_bucket_policy",
            policy_at,
        )));
    }
    Ok(pieces)
}

/// `{Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm, KMSMasterKeyID},
/// BucketKeyEnabled}]}` → one `server_side_encryption_configuration` block.
fn encryption(config: &Obj) -> Result<Val, LoadError> {
    let mut rules = Vec::new();
    for rule in config.objects("rules")? {
        let mut r = Attrs::new();
        if let Some(default) = rule.obj("applyServerSideEncryptionByDefault")? {
            let mut d = Attrs::new();
            match default.str("sseAlgorithm")? {
                Some(algorithm) => d.text("sse_algorithm", algorithm.value, algorithm.at),
                None => d.text("sse_algorithm", "", default.at()),
            };
            match default.str("kmsMasterKeyID")? {
                Some(key) => d.text("kms_master_key_id", key.value, key.at),
                None => d.text("kms_master_key_id", "", default.at()),
            };
            r.put(
                "apply_server_side_encryption_by_default",
                Val::list(vec![(d.into_val(), default.at())]),
                rule.at_of("applyServerSideEncryptionByDefault"),
            );
        }
        match rule.bool("bucketKeyEnabled")? {
            Some(enabled) => r.put("bucket_key_enabled", Val::bool(enabled.value), enabled.at),
            None => r.put("bucket_key_enabled", Val::bool(false), rule.at()),
        };
        rules.push((r.into_val(), rule.at()));
    }
    let mut block = Attrs::new();
    block.put("rule", Val::list(rules), config.at_of("rules"));
    Ok(block.into_val())
}

/// The grants of an ACL → the bucket's `grant` blocks (`{type, id, uri, permissions}`),
/// one per grant of the export, each placed at it. The API names a grantee group by its
/// URI (`{"Grantee": {"Type": "Group", "URI": "…/global/AllUsers"}, "Permission":
/// "READ"}`); AWS Config by the group's name and its own spelling of the permission
/// (`{"grantee": "AllUsers", "permission": "Read"}`).
fn grants(acl: &Obj) -> Result<Val, LoadError> {
    let list = if acl.entry("grants").is_some() {
        "grants"
    } else {
        "grantList"
    };
    let mut out = Vec::new();
    for grant in acl.objects(list)? {
        let mut g = Attrs::new();
        match grant.get("grantee") {
            Some(node) => match node.as_str() {
                Some(group) => {
                    g.text("type", "Group", grant.at_of("grantee"));
                    g.text("uri", &group_uri(group), grant.at_of("grantee"));
                }
                None => {
                    let grantee = Obj::new(node, grant.file, "`Grantee`")?;
                    let kind = grantee.str("type")?;
                    let uri = grantee.str("uri")?;
                    let kind = match (&kind, &uri) {
                        (Some(kind), _) => kind.value,
                        (None, Some(_)) => "Group",
                        (None, None) => "CanonicalUser",
                    };
                    g.text("type", kind, grantee.at());
                    if let Some(id) = grantee.str("id")? {
                        g.text("id", id.value, id.at);
                    }
                    if let Some(uri) = uri {
                        g.text("uri", uri.value, uri.at);
                    }
                }
            },
            None => return Err(LoadError::at("a grant has no `Grantee`", grant.node.span)),
        }
        let permission = grant.required_str("permission", "a grant")?;
        g.put(
            "permissions",
            Val::texts(vec![(
                api_permission(permission.value).to_owned(),
                permission.at,
            )]),
            permission.at,
        );
        out.push((g.into_val(), grant.at()));
    }
    Ok(Val::list(out))
}

/// AWS Config's group names → the API's URIs.
fn group_uri(group: &str) -> String {
    if group.contains("://") {
        return group.to_owned();
    }
    format!("http://acs.amazonaws.com/groups/global/{group}")
}

/// AWS Config's `FullControl`, `ReadAcp` … → the API's `FULL_CONTROL`, `READ_ACP`.
fn api_permission(permission: &str) -> &str {
    match permission {
        "FullControl" => "FULL_CONTROL",
        "Read" => "READ",
        "Write" => "WRITE",
        "ReadAcp" => "READ_ACP",
        "WriteAcp" => "WRITE_ACP",
        other => other,
    }
}

/// (API member, Terraform argument) of the four block-public-access switches.
const SWITCHES: [(&str, &str); 4] = [
    ("blockPublicAcls", "block_public_acls"),
    ("ignorePublicAcls", "ignore_public_acls"),
    ("blockPublicPolicy", "block_public_policy"),
    ("restrictPublicBuckets", "restrict_public_buckets"),
];

fn switches(config: &Obj, attrs: &mut Attrs) -> Result<(), LoadError> {
    for (member, attr) in SWITCHES {
        match config.bool(member)? {
            Some(on) => attrs.put(attr, Val::bool(on.value), on.at),
            // A configuration that leaves a switch out leaves it off.
            None => attrs.put(attr, Val::bool(false), config.at()),
        };
    }
    Ok(())
}

/// The account's block-public-access (`AWS::S3::AccountPublicAccessBlock`,
/// `aws s3control get-public-access-block`) → `aws_s3_account_public_access_block`.
pub fn account_public_access_block(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let mut a = Attrs::new();
    a.text("id", "account", item.at);
    switches(&item.config, &mut a)?;
    Ok(vec![Piece::Resource(a.resource(
        "account public access block",
        "aws_s3_account_public_access_block",
        item.at,
    ))])
}
