//! IAM: roles with their trust, inline and attached policies; users and groups; customer
//! managed policies by their default version (`get-account-authorization-details`,
//! `AWS::IAM::*` in AWS Config).
//!
//! Documents are kept as objects, so statements point at their own lines when the export
//! writes them as JSON (the CLI decodes IAM's URL-encoded documents); AWS Config and the
//! raw API write them URL-encoded, and then every statement points at the string.
//! AWS managed policies (`arn:aws:iam::aws:policy/…`) belong to AWS, not to the account:
//! their attachments are judged by ARN, their documents are not scanned as the account's.

use super::{arn, copy_str, Item, Piece};
use crate::diagnostics::{Notification, Stage};
use crate::load::live::api::{embedded, Obj};
use crate::load::live::build::{At, Attrs, Val};
use crate::load::LoadError;

/// A document member as a value: the object, or the (URL-encoded) JSON text parsed.
fn document(obj: &Obj, member: &str) -> Result<Option<(Val, At)>, LoadError> {
    let Some(entry) = obj.entry(member) else {
        return Ok(None);
    };
    let tree = embedded(&entry.value, &format!("`{}`", entry.key))?;
    Ok(Some((
        Val::tree(&tree, obj.file),
        At::new(obj.file, entry.span()),
    )))
}

/// `rolePolicyList`/`userPolicyList`/`groupPolicyList` items: (name, document, place).
fn inline_policies(obj: &Obj, member: &str) -> Result<Vec<(String, Val, At, At)>, LoadError> {
    let mut out = Vec::new();
    for p in obj.objects(member)? {
        let name = p.required_str("policyName", "an inline policy")?;
        if let Some((doc, doc_at)) = document(&p, "policyDocument")? {
            out.push((name.value.to_owned(), doc, doc_at, p.at()));
        }
    }
    Ok(out)
}

/// `attachedManagedPolicies` items: (ARN, place).
fn attached(obj: &Obj) -> Result<Vec<(String, At)>, LoadError> {
    let mut out = Vec::new();
    for p in obj.objects("attachedManagedPolicies")? {
        let arn = p.required_str("policyArn", "an attached managed policy")?;
        out.push((arn.value.to_owned(), p.at()));
    }
    Ok(out)
}

/// A role → `aws_iam_role` with `assume_role_policy`, `inline_policy` blocks and
/// `managed_policy_arns`, as the provider keeps them.
pub fn role(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let r = item.config;
    let name = r.required_str("roleName", "a role")?;
    let mut a = Attrs::new();
    a.text("id", name.value, name.at);
    a.text("name", name.value, name.at);
    if let Some(arn) = arn(item, "arn")? {
        a.text("arn", arn.value, arn.at);
    }
    copy_str(&r, "roleId", &mut a, "unique_id")?;
    copy_str(&r, "path", &mut a, "path")?;
    match document(&r, "assumeRolePolicyDocument")? {
        Some((doc, at)) => a.put("assume_role_policy", doc, at),
        None => a.put(
            "assume_role_policy",
            Val::not_exported("the role's trust policy is not in the export"),
            r.at(),
        ),
    };
    let inline = inline_policies(&r, "rolePolicyList")?
        .into_iter()
        .map(|(policy_name, doc, doc_at, at)| {
            let mut block = Attrs::new();
            block.text("name", &policy_name, at);
            block.put("policy", doc, doc_at);
            (block.into_val(), at)
        })
        .collect();
    a.put(
        "inline_policy",
        Val::list(inline),
        r.at_of("rolePolicyList"),
    );
    a.put(
        "managed_policy_arns",
        Val::texts(attached(&r)?),
        r.at_of("attachedManagedPolicies"),
    );
    super::tags(&r, &mut a)?;
    Ok(vec![Piece::Resource(a.resource(
        name.value,
        "aws_iam_role",
        item.at,
    ))])
}

/// A user → `aws_iam_user`, with `aws_iam_user_policy` for each inline policy,
/// `aws_iam_user_policy_attachment` for each attached one and
/// `aws_iam_user_group_membership` for its groups (Terraform has no inline form of these).
pub fn user(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let u = item.config;
    let name = u.required_str("userName", "a user")?;
    let mut a = Attrs::new();
    a.text("id", name.value, name.at);
    a.text("name", name.value, name.at);
    if let Some(arn) = arn(item, "arn")? {
        a.text("arn", arn.value, arn.at);
    }
    copy_str(&u, "path", &mut a, "path")?;
    super::tags(&u, &mut a)?;
    let mut pieces = vec![Piece::Resource(a.resource(
        name.value,
        "aws_iam_user",
        item.at,
    ))];
    pieces.extend(principal_parts(&u, "user", name.value, "userPolicyList")?);
    let groups = u.strings("groupList")?;
    if !groups.is_empty() {
        let mut m = Attrs::new();
        m.text("user", name.value, u.at_of("groupList"));
        m.put(
            "groups",
            Val::texts(
                groups
                    .into_iter()
                    .map(|g| (g.value.to_owned(), g.at))
                    .collect(),
            ),
            u.at_of("groupList"),
        );
        pieces.push(Piece::Resource(m.resource(
            &format!("{} groups", name.value),
            "aws_iam_user_group_membership",
            u.at_of("groupList"),
        )));
    }
    Ok(pieces)
}

pub fn group(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let g = item.config;
    let name = g.required_str("groupName", "a group")?;
    let mut a = Attrs::new();
    a.text("id", name.value, name.at);
    a.text("name", name.value, name.at);
    if let Some(arn) = arn(item, "arn")? {
        a.text("arn", arn.value, arn.at);
    }
    let mut pieces = vec![Piece::Resource(a.resource(
        name.value,
        "aws_iam_group",
        item.at,
    ))];
    pieces.extend(principal_parts(&g, "group", name.value, "groupPolicyList")?);
    Ok(pieces)
}

/// A user's or group's inline policies and attachments as their own resources, named
/// `<principal>/<policy name>` and `<principal> → <policy ARN>`.
fn principal_parts(
    obj: &Obj,
    principal: &str,
    name: &str,
    inline_member: &str,
) -> Result<Vec<Piece>, LoadError> {
    let mut pieces = Vec::new();
    for (policy_name, doc, doc_at, at) in inline_policies(obj, inline_member)? {
        let mut p = Attrs::new();
        p.text(principal, name, at);
        p.text("name", &policy_name, at);
        p.put("policy", doc, doc_at);
        pieces.push(Piece::Resource(p.resource(
            &format!("{name}/{policy_name}"),
            &format!("aws_iam_{principal}_policy"),
            at,
        )));
    }
    for (policy_arn, at) in attached(obj)? {
        let mut p = Attrs::new();
        p.text(principal, name, at);
        p.text("policy_arn", &policy_arn, at);
        pieces.push(Piece::Resource(p.resource(
            &format!("{name} → {policy_arn}"),
            &format!("aws_iam_{principal}_policy_attachment"),
            at,
        )));
    }
    Ok(pieces)
}

/// A managed policy → `aws_iam_policy` with its default version's document. The id is
/// the ARN: policy names are not unique across paths, and a role may share a name.
pub fn managed_policy(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let p = item.config;
    let Some(policy_arn) = arn(item, "arn")? else {
        return Err(LoadError::at("a managed policy has no `Arn`", p.node.span));
    };
    if policy_arn.value.contains(":iam::aws:policy/") {
        return Ok(vec![Piece::Note(Notification::note(
            Stage::Load,
            format!(
                "{}: an AWS managed policy; its attachments are judged by ARN",
                policy_arn.value
            ),
        ))]);
    }
    let mut a = Attrs::new();
    a.text("id", policy_arn.value, policy_arn.at);
    a.text("arn", policy_arn.value, policy_arn.at);
    copy_str(&p, "policyName", &mut a, "name")?;
    copy_str(&p, "policyId", &mut a, "policy_id")?;
    copy_str(&p, "path", &mut a, "path")?;
    let default_id = p.str("defaultVersionId")?.map(|l| l.value);
    let mut chosen = None;
    for version in p.objects("policyVersionList")? {
        let is_default = version.bool("isDefaultVersion")?.is_some_and(|d| d.value)
            || (default_id.is_some() && version.str("versionId")?.map(|v| v.value) == default_id);
        if is_default {
            chosen = document(&version, "document")?;
            break;
        }
    }
    match chosen {
        Some((doc, at)) => a.put("policy", doc, at),
        None => a.put(
            "policy",
            Val::not_exported("the policy's default version is not in the export"),
            p.at(),
        ),
    };
    Ok(vec![Piece::Resource(a.resource(
        policy_arn.value,
        "aws_iam_policy",
        item.at,
    ))])
}
