//! The grants of an S3 bucket's ACL that reach beyond the account: to `AllUsers`
//! (anyone on the internet) or `AuthenticatedUsers` (anyone with an AWS account). They
//! come from a canned ACL — on the bucket (`acl`, `AccessControl`) or on a separate
//! `aws_s3_bucket_acl` — or from explicit grants to the two global groups.

use super::read::{self, Field};
use super::ResourceIndex;
use crate::model::estate::{DataStore, DataStoreKind, SourceRef};
use crate::model::key;
use crate::model::{AttrPath, PathSegment, RawResource, Value};

const ALL_USERS: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS: &str = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

/// Canned ACLs that grant to a global group, in both spellings.
fn canned(acl: &str) -> &'static [&'static str] {
    match acl {
        "public-read" | "PublicRead" => &["AllUsers:READ"],
        "public-read-write" | "PublicReadWrite" => &["AllUsers:READ", "AllUsers:WRITE"],
        "authenticated-read" | "AuthenticatedRead" => &["AuthenticatedUsers:READ"],
        _ => &[],
    }
}

pub fn read(stores: &mut [DataStore], index: &ResourceIndex) {
    for store in stores
        .iter_mut()
        .filter(|s| s.kind == DataStoreKind::S3Bucket)
    {
        let Some(bucket) = index.get(&store.id) else {
            continue;
        };
        if bucket.kind.starts_with("AWS::") {
            canned_acl(store, bucket, "AccessControl", Vec::new());
            continue;
        }
        canned_acl(store, bucket, "acl", Vec::new());
        grants(
            store,
            bucket,
            bucket.attr("grant"),
            vec![key("grant")],
            "uri",
            "permissions",
        );
        let separate = index.of_kind(&["aws_s3_bucket_acl"]).filter(|acl| {
            acl.attr("bucket")
                .and_then(|b| index.referenced(b, &["aws_s3_bucket"]))
                .is_some_and(|b| b.id == bucket.id)
        });
        for acl in separate {
            canned_acl(store, acl, "acl", Vec::new());
            let policy_value = acl.attr("access_control_policy");
            if read::unset_computed(policy_value) {
                continue;
            }
            let Some(policies) = read::blocks(policy_value) else {
                store.unknown.push("public_grants");
                continue;
            };
            for (i, policy) in policies.into_iter().enumerate() {
                let base = vec![
                    key("access_control_policy"),
                    PathSegment::Index(i),
                    key("grant"),
                ];
                grants(
                    store,
                    acl,
                    policy.get("grant"),
                    base,
                    "grantee",
                    "permission",
                );
            }
        }
        store.public_grants.sort();
        store.public_grants.dedup();
    }
}

fn canned_acl(store: &mut DataStore, resource: &RawResource, attr: &str, base: AttrPath) {
    let value = resource.attr(attr);
    if read::unset_computed(value) {
        return;
    }
    match read::non_empty_text(value) {
        Field::Known(acl) => {
            let granted = canned(&acl);
            if !granted.is_empty() {
                store
                    .public_grants
                    .extend(granted.iter().map(|g| (*g).to_owned()));
                let mut path = base;
                path.push(key(attr));
                declared(store, resource, path);
            }
        }
        Field::Unknown => store.unknown.push("public_grants"),
        Field::Absent => {}
    }
}

/// Explicit grants. Legacy `aws_s3_bucket` `grant { uri, permissions = [..] }` and
/// `aws_s3_bucket_acl` `grant { grantee { uri }, permission }` differ only in where the
/// grantee and permission sit.
fn grants(
    store: &mut DataStore,
    resource: &RawResource,
    value: Option<&Value>,
    base: AttrPath,
    grantee_attr: &str,
    permission_attr: &str,
) {
    if read::unset_computed(value) {
        return;
    }
    let Some(grants) = read::blocks(value) else {
        store.unknown.push("public_grants");
        return;
    };
    for (i, grant) in grants.into_iter().enumerate() {
        let uri_holder = match grant.get(grantee_attr) {
            Some(Value::String(_)) => Some(grant),
            holder => holder
                .and_then(|h| read::blocks(Some(h)))
                .and_then(|b| b.first().copied()),
        };
        let uri = uri_holder.map_or(Field::Absent, |h| read::text(h.get("uri")));
        let group = match uri {
            Field::Known(uri) if uri == ALL_USERS => "AllUsers",
            Field::Known(uri) if uri == AUTHENTICATED_USERS => "AuthenticatedUsers",
            Field::Unknown => {
                store.unknown.push("public_grants");
                continue;
            }
            _ => continue,
        };
        let (permissions, unknown) = read::strings(grant.get(permission_attr));
        if unknown {
            store.unknown.push("public_grants");
        }
        store
            .public_grants
            .extend(permissions.iter().map(|p| format!("{group}:{p}")));
        let mut path = base.clone();
        path.push(PathSegment::Index(i));
        declared(store, resource, path);
    }
}

fn declared(store: &mut DataStore, resource: &RawResource, path: AttrPath) {
    store.sources.entry("public_grants").or_insert(SourceRef {
        id: resource.id.clone(),
        path,
    });
}
