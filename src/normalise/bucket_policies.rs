//! Which bucket policies apply to which S3 bucket. The policies themselves are
//! normalised with every other IAM document (`iam.policies`); here each S3 data store
//! learns the ids of the policies attached to it, so a rule can judge a bucket by its
//! policy without knowing the input formats' resource types.

use super::ResourceIndex;
use crate::model::estate::{DataStore, DataStoreKind};

/// (policy resource type, attribute naming the bucket, bucket resource types)
const ATTACHMENTS: &[(&str, &str, &[&str])] = &[
    ("aws_s3_bucket_policy", "bucket", &["aws_s3_bucket"]),
    ("AWS::S3::BucketPolicy", "Bucket", &["AWS::S3::Bucket"]),
];

pub fn link(stores: &mut [DataStore], index: &ResourceIndex) {
    for (kind, attr, buckets) in ATTACHMENTS {
        for policy in index.of_kind(&[kind]) {
            let Some(bucket) = policy
                .attr(attr)
                .and_then(|value| index.referenced(value, buckets))
            else {
                continue;
            };
            if let Some(store) = stores
                .iter_mut()
                .find(|s| s.kind == DataStoreKind::S3Bucket && s.id == bucket.id)
            {
                store.policies.push(policy.id.clone());
            }
        }
    }
    for store in stores.iter_mut() {
        store.policies.sort();
        store.policies.dedup();
    }
}
