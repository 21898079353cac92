//! S3 block-public-access as it takes effect on each bucket. Four switches decide it,
//! set per bucket (`aws_s3_bucket_public_access_block`, CloudFormation's
//! `PublicAccessBlockConfiguration`) and per account (`aws_s3_account_public_access_block`);
//! a switch on at either level is on. A declaration sets all four: switches it leaves
//! out are off. A bucket with no declaration gets S3's default for new buckets (all four
//! on, since April 2023), unless the account declaration says otherwise — which it
//! cannot, as the account level only adds.

use std::collections::BTreeMap;

use super::data_stores::declared_at;
use super::read::{self, Field};
use super::ResourceIndex;
use crate::model::estate::{DataStore, DataStoreKind};
use crate::model::key;
use crate::model::RawResource;

/// (model name, Terraform argument, CloudFormation property)
const SWITCHES: &[(&str, &str, &str)] = &[
    ("block_public_acls", "block_public_acls", "BlockPublicAcls"),
    (
        "ignore_public_acls",
        "ignore_public_acls",
        "IgnorePublicAcls",
    ),
    (
        "block_public_policy",
        "block_public_policy",
        "BlockPublicPolicy",
    ),
    (
        "restrict_public_buckets",
        "restrict_public_buckets",
        "RestrictPublicBuckets",
    ),
];

pub fn read(stores: &mut [DataStore], index: &ResourceIndex) {
    let account = index
        .of_kind(&["aws_s3_account_public_access_block"])
        .next();
    for store in stores
        .iter_mut()
        .filter(|s| s.kind == DataStoreKind::S3Bucket)
    {
        let Some(bucket) = index.get(&store.id) else {
            continue;
        };
        let declaration = bucket_declaration(bucket, index);
        if declaration.is_none() && account.is_none() {
            continue;
        }
        let mut effective = BTreeMap::new();
        for (name, tf, cfn) in SWITCHES {
            let at_account = account.map(|a| (a, switch(a, tf)));
            if let Some((a, Field::Known(true))) = at_account {
                effective.insert(*name, true);
                declared_at(store, name, &a.id, vec![key(tf)]);
                continue;
            }
            let account_unknown = matches!(at_account, Some((_, Field::Unknown)));
            match &declaration {
                None => {
                    effective.insert(*name, true);
                }
                Some((decl, prefix)) => {
                    let attr = if decl.kind.starts_with("AWS::") {
                        cfn
                    } else {
                        tf
                    };
                    let mut path = prefix.clone();
                    path.push(key(attr));
                    let value = if decl.kind.starts_with("AWS::") {
                        read::boolean(
                            decl.attr("PublicAccessBlockConfiguration")
                                .and_then(|c| c.get(attr)),
                        )
                    } else {
                        switch(decl, attr)
                    };
                    match value {
                        Field::Known(true) => {
                            effective.insert(*name, true);
                        }
                        Field::Unknown => store.unknown.push(name),
                        Field::Known(false) | Field::Absent if account_unknown => {
                            store.unknown.push(name)
                        }
                        Field::Known(false) => {
                            effective.insert(*name, false);
                            declared_at(store, name, &decl.id, path);
                        }
                        Field::Absent => {
                            effective.insert(*name, false);
                            declared_at(store, name, &decl.id, prefix.clone());
                        }
                    }
                }
            }
        }
        store.public_access_block = Some(effective);
    }
}

fn switch(resource: &RawResource, name: &str) -> Field<bool> {
    read::boolean(read::configured(resource.attr(name)))
}

/// The resource declaring the bucket's switches and the path to them.
fn bucket_declaration<'a>(
    bucket: &'a RawResource,
    index: &ResourceIndex<'a>,
) -> Option<(&'a RawResource, Vec<crate::model::PathSegment>)> {
    if bucket.kind.starts_with("AWS::") {
        return bucket
            .attr("PublicAccessBlockConfiguration")
            .map(|_| (bucket, vec![key("PublicAccessBlockConfiguration")]));
    }
    index
        .of_kind(&["aws_s3_bucket_public_access_block"])
        .find(|block| {
            block
                .attr("bucket")
                .and_then(|b| index.referenced(b, &["aws_s3_bucket"]))
                .is_some_and(|b| b.id == bucket.id)
        })
        .map(|block| (block, Vec::new()))
}
