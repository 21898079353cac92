//! CloudFormation loader: fixtures under `fixtures/loaders/cfn/` (YAML and JSON variants
//! of the same templates) and real templates under `fixtures/realworld/cloudformation/`.

use std::path::{Path, PathBuf};

use palisade::diagnostics::{Level, Notification};
use palisade::discover::{InputFile, InputKind};
use palisade::load::{Document, LoadError};
use palisade::model::value::{PathSegment, Unknown, Value};
use palisade::model::RawResource;
use palisade::source::SourceFile;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/loaders/cfn")
        .join(name)
}

fn kind_of(path: &Path) -> InputKind {
    if path.extension().is_some_and(|e| e == "json") {
        InputKind::CloudformationJson
    } else {
        InputKind::CloudformationYaml
    }
}

/// End to end through `palisade::load::load`.
fn load_path(path: PathBuf) -> Result<Document, Box<Notification>> {
    let kind = kind_of(&path);
    palisade::load::load(&InputFile { path, kind }).map_err(Box::new)
}

fn load(name: &str) -> Document {
    load_path(fixture(name)).unwrap_or_else(|n| panic!("{name} did not load: {n:?}"))
}

/// Straight through the CloudFormation loader, for the `LoadError` itself.
fn load_error(name: &str) -> (SourceFile, LoadError) {
    let path = fixture(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let source = SourceFile::new(path.clone(), name.to_owned(), text);
    let result = if kind_of(&path) == InputKind::CloudformationJson {
        palisade::load::cfn::load_json(&source)
    } else {
        palisade::load::cfn::load_yaml(&source)
    };
    match result {
        Ok((resources, _)) => panic!(
            "{name} loaded {} resources; expected an error",
            resources.len()
        ),
        Err(e) => (source, e),
    }
}

fn resource<'d>(doc: &'d Document, id: &str) -> &'d RawResource {
    doc.resource(id)
        .unwrap_or_else(|| panic!("no resource {id} in {}", doc.display))
}

fn ids(doc: &Document) -> Vec<&str> {
    doc.resources.iter().map(|r| r.id.as_str()).collect()
}

fn attr<'d>(doc: &'d Document, id: &str, key: &str) -> &'d Value {
    resource(doc, id)
        .attr(key)
        .unwrap_or_else(|| panic!("{id} has no {key}"))
}

fn unknown(value: &Value) -> &Unknown {
    value
        .as_unknown()
        .unwrap_or_else(|| panic!("expected an unknown value, got {value:?}"))
}

fn s(text: &str) -> Value {
    Value::from(text)
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|i| s(i)).collect())
}

fn n(number: i64) -> Value {
    Value::Number(number.into())
}

fn key(k: &str) -> PathSegment {
    PathSegment::Key(k.to_owned())
}

fn line(doc: &Document, offset: usize) -> u32 {
    doc.sources.first().map_or(0, |s| s.line_col(offset).line)
}

fn messages(doc: &Document, level: Level) -> Vec<String> {
    doc.notifications
        .iter()
        .filter(|n| n.level == level)
        .map(|n| n.message.clone())
        .collect()
}

/// (line, message) of every notification at `level`.
fn notes_at(doc: &Document, level: Level) -> Vec<(u32, String)> {
    doc.notifications
        .iter()
        .filter(|n| n.level == level)
        .map(|n| {
            (
                n.location.as_ref().map_or(0, |l| l.start.line),
                n.message.clone(),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Intrinsic functions

#[test]
fn short_form_tags_long_form_yaml_and_json_resolve_identically() {
    let short = load("intrinsics-short.yaml");
    let long = load("intrinsics-long.yaml");
    let json = load("intrinsics.json");
    let view = |doc: &Document| -> Vec<(String, String, Value)> {
        doc.resources
            .iter()
            .map(|r| (r.id.clone(), r.kind.clone(), r.attributes.clone()))
            .collect()
    };
    assert_eq!(ids(&short), ["Bucket", "Other", "Vpc", "Thing"]);
    assert_eq!(view(&short), view(&long));
    assert_eq!(view(&short), view(&json));
    let notes = |doc: &Document| messages(doc, Level::Warning);
    assert_eq!(notes(&short), notes(&long));
    assert_eq!(notes(&short), notes(&json));
    // Every property of Thing is present (except the AWS::NoValue ones) and resolved.
    let thing = resource(&short, "Thing").attributes.as_map().unwrap();
    assert_eq!(thing.len(), 29, "{:?}", thing.keys().collect::<Vec<_>>());
}

#[test]
fn intrinsic_functions_resolve_with_parameter_defaults() {
    for file in ["intrinsics-short.yaml", "intrinsics.json"] {
        let doc = load(file);
        let a = |k: &str| attr(&doc, "Thing", k).clone();
        assert_eq!(a("RefParam"), s("prod"), "{file}");
        assert_eq!(a("RefNumber"), n(443), "{file}");
        assert_eq!(
            a("RefList"),
            list(&["10.0.0.0/16", "10.1.0.0/16"]),
            "{file}"
        );
        assert_eq!(a("Join"), s("a-prod-10.1.0.0/16"), "{file}");
        assert_eq!(a("Split"), list(&["a", "b", "c"]), "{file}");
        assert_eq!(a("Select"), s("10.0.0.0"), "{file}");
        assert_eq!(a("IfTrue"), s("enabled"), "{file}");
        assert_eq!(a("IfFalse"), s("disabled"), "{file}");
        assert_eq!(a("IfNested"), s("enabled"), "{file}");
        assert_eq!(a("Base64"), s("aGVsbG8="), "{file}");
        assert_eq!(attr(&doc, "Vpc", "CidrBlock"), &s("10.0.0.0/16"), "{file}");
        let nested = a("Nested");
        assert_eq!(nested.get("Inner"), Some(&s("prod")));
        let mixed = nested.get("Mixed").and_then(Value::as_list).unwrap();
        assert_eq!(unknown(&mixed[0]).refs, ["Bucket"]);
        assert_eq!(mixed[1], s("known"));
    }
}

#[test]
fn refs_and_getatts_to_resources_are_unknowns_naming_them() {
    for file in ["intrinsics-short.yaml", "intrinsics.json"] {
        let doc = load(file);
        let u = |k: &str| unknown(attr(&doc, "Thing", k)).clone();
        assert_eq!(u("RefResource").refs, ["Bucket"], "{file}");
        assert_eq!(u("RefResource").origin, "Ref Bucket");
        assert_eq!(u("GetAttDot").refs, ["Bucket"]);
        assert_eq!(u("GetAttDot").origin, "Fn::GetAtt Bucket.Arn");
        assert_eq!(u("GetAttList").refs, ["Bucket"]);
        assert_eq!(u("GetAttList").origin, "Fn::GetAtt Bucket.DomainName");
        assert_eq!(u("JoinUnknown").refs, ["Bucket"]);
        assert_eq!(u("SubResource").refs, ["Bucket"]);
        assert_eq!(u("Base64Unknown").refs, ["Bucket"]);
        assert_eq!(u("Cidr").refs, ["Vpc"]);
        // Undecided Fn::If: refs of both branches.
        assert_eq!(u("IfUndecided").refs, ["Bucket", "Other"]);
        assert_eq!(u("IfUndecided").origin, "Fn::If InUsEast1 undecided");
        // Pseudo parameters, imports, AZs: unknown, derived from no resource.
        assert_eq!(u("RefPseudo").refs, Vec::<String>::new());
        assert_eq!(u("RefPseudo").origin, "pseudo parameter AWS::Region");
        assert!(u("ImportValue").refs.is_empty());
        assert!(u("GetAZs").refs.is_empty());
        assert!(u("Transform").refs.is_empty());
        assert_eq!(u("RefNoDefault").origin, "parameter KeyArn has no default");
    }
}

#[test]
fn mappings_and_find_in_map() {
    for file in [
        "intrinsics-short.yaml",
        "intrinsics-long.yaml",
        "intrinsics.json",
    ] {
        let doc = load(file);
        // The top-level key is itself an intrinsic (!Ref Env).
        assert_eq!(attr(&doc, "Thing", "FindInMap"), &s("ami-123"), "{file}");
        assert_eq!(
            attr(&doc, "Thing", "FindInMapList"),
            &list(&["small", "large"]),
            "{file}"
        );
    }
}

#[test]
fn sub_with_variables_and_escapes() {
    for file in ["intrinsics-short.yaml", "intrinsics.json"] {
        let doc = load(file);
        assert_eq!(
            attr(&doc, "Thing", "SubPlain"),
            &s("prod-bucket-${Literal}"),
            "{file}"
        );
        assert_eq!(attr(&doc, "Thing", "SubVars"), &s("prod:443"), "{file}");
        let sub = unknown(attr(&doc, "Thing", "SubResource"));
        assert_eq!(sub.origin, "Fn::Sub ${AWS::Partition}");
        assert_eq!(sub.refs, ["Bucket"]);
    }
}

#[test]
fn aws_no_value_removes_properties_and_list_elements() {
    for file in ["intrinsics-short.yaml", "intrinsics.json"] {
        let doc = load(file);
        let thing = resource(&doc, "Thing");
        assert!(thing.attr("NoValue").is_none(), "{file}");
        assert!(thing.attr("IfNoValue").is_none(), "{file}");
        assert_eq!(
            thing.attr("ListNoValue"),
            Some(&list(&["a", "c"])),
            "{file}"
        );
        // The removed element leaves no span behind, and the kept one is reindexed.
        assert!(!thing.attribute_spans.contains_key(&vec![key("NoValue")]));
        let c = thing.attribute_spans[&vec![key("ListNoValue"), PathSegment::Index(1)]];
        assert_eq!(
            doc.source().unwrap().text[c.start..c.end].trim_matches('"'),
            "c"
        );
        assert!(!thing
            .attribute_spans
            .contains_key(&vec![key("ListNoValue"), PathSegment::Index(2)]));
    }
    // Inside a decided Fn::If at resource level.
    let doc = load("conditions.yaml");
    assert!(resource(&doc, "Always")
        .attr("Tags")
        .is_some_and(Value::is_unknown));
}

// ---------------------------------------------------------------------------------------
// Parameters and conditions

#[test]
fn parameter_defaults_are_typed() {
    let doc = load("parameters.yaml");
    let a = |k: &str| attr(&doc, "Params", k).clone();
    assert_eq!(a("NumberFromString"), n(8080));
    assert_eq!(a("NumberFromNumber"), n(22));
    assert_eq!(a("StringFromNumber"), s("22"));
    assert_eq!(a("Flag"), s("true"));
    assert_eq!(a("Names"), list(&["a", "b", "c"]));
    assert_eq!(a("Ports"), Value::List(vec![n(80), n(443)]));
    assert_eq!(a("Subnets"), list(&["subnet-1", "subnet-2"]));
    assert_eq!(a("Empty"), Value::List(vec![]));
    assert_eq!(a("Key"), s("my-key"));
    assert_eq!(a("JoinNames"), s("a;b;c"));
    // Resolved from SSM at deployment: not the default's text.
    assert!(unknown(&a("Ami")).origin.contains("SSM"));
    assert_eq!(
        unknown(&a("NoDefault")).origin,
        "parameter NoDefault has no default"
    );
    assert!(unknown(&a("NoDefault")).refs.is_empty());
    assert_eq!(unknown(&a("SubNoDefault")).origin, "Fn::Sub ${NoDefault}");
    assert!(doc.notifications.is_empty(), "{:?}", doc.notifications);
}

#[test]
fn conditions_skip_false_resources_and_keep_undecided_ones() {
    for file in ["conditions.yaml", "conditions.json"] {
        let doc = load(file);
        assert_eq!(
            ids(&doc),
            [
                "DevOnly",        // IsDev: true
                "Replicated",     // Number 3 equals "3"
                "Owned",          // parameter without default: undecided
                "GovOnly",        // pseudo parameter: undecided
                "DevOrGovBucket", // true or undecided: true
                "Looping",        // cycle: undecided
                "Always",
            ],
            "{file}"
        );
        assert_eq!(attr(&doc, "Always", "BucketName"), &s("dev-bucket"));
        let tags = unknown(attr(&doc, "Always", "Tags"));
        assert_eq!(tags.origin, "Fn::If InGovCloud undecided");
        let warnings = messages(&doc, Level::Warning);
        assert!(
            warnings.iter().any(|w| w.contains("depends on itself")),
            "{warnings:?}"
        );
        assert!(doc.notifications.iter().all(|n| n.level != Level::Error));
    }
}

// ---------------------------------------------------------------------------------------
// Spans and lines

#[test]
fn lines_of_resources_and_nested_properties_yaml() {
    let doc = load("lines.yaml");
    let sg = resource(&doc, "WebSg");
    assert_eq!(line(&doc, sg.span.start), 5);
    assert_eq!(
        doc.source().unwrap().line_col(sg.span.end).line,
        20,
        "resource span ends with its last property"
    );
    let cidr = sg.span_of(&[
        key("SecurityGroupIngress"),
        PathSegment::Index(1),
        key("CidrIp"),
    ]);
    assert_eq!(line(&doc, cidr.start), 17);
    assert_eq!(
        &doc.source().unwrap().text[cidr.start..cidr.end],
        "CidrIp: 0.0.0.0/0"
    );
    let rule = sg.span_of(&[key("SecurityGroupIngress"), PathSegment::Index(1)]);
    assert_eq!(line(&doc, rule.start), 14);
    let ingress = sg.span_of(&[key("SecurityGroupIngress")]);
    assert_eq!(
        (line(&doc, ingress.start), line(&doc, ingress.end)),
        (9, 17)
    );
    let tag_value = sg.span_of(&[key("Tags"), PathSegment::Index(0), key("Value")]);
    assert_eq!(line(&doc, tag_value.start), 20);
    // A path below a recorded one falls back to it; a missing one to the resource.
    let below = sg.span_of(&[key("GroupDescription"), key("nope")]);
    assert_eq!(line(&doc, below.start), 8);
    assert_eq!(sg.span_of(&[key("Missing")]), sg.span);
    // Flow collections.
    let bucket = resource(&doc, "Bucket");
    assert_eq!(line(&doc, bucket.span.start), 22);
    let status = bucket.span_of(&[key("Versioning"), key("Status")]);
    assert_eq!(
        &doc.source().unwrap().text[status.start..status.end],
        "Status: Enabled"
    );
    assert_eq!(line(&doc, status.start), 24);
}

#[test]
fn lines_of_resources_and_nested_properties_json() {
    let doc = load("lines.json");
    let sg = resource(&doc, "WebSg");
    assert_eq!(line(&doc, sg.span.start), 4);
    assert_eq!(line(&doc, sg.span.end), 26);
    let cidr = sg.span_of(&[
        key("SecurityGroupIngress"),
        PathSegment::Index(1),
        key("CidrIp"),
    ]);
    assert_eq!(line(&doc, cidr.start), 19);
    assert_eq!(
        &doc.source().unwrap().text[cidr.start..cidr.end],
        "\"CidrIp\": \"0.0.0.0/0\""
    );
    let rule = sg.span_of(&[key("SecurityGroupIngress"), PathSegment::Index(1)]);
    assert_eq!((line(&doc, rule.start), line(&doc, rule.end)), (15, 20));
    let tag_value = sg.span_of(&[key("Tags"), PathSegment::Index(0), key("Value")]);
    assert_eq!(line(&doc, tag_value.start), 23);
    let bucket = resource(&doc, "Bucket");
    assert_eq!(line(&doc, bucket.span.start), 27);
    let status = bucket.span_of(&[key("Versioning"), key("Status")]);
    assert_eq!(line(&doc, status.start), 29);
}

#[test]
fn every_property_path_has_a_span() {
    for file in [
        "lines.yaml",
        "lines.json",
        "intrinsics-short.yaml",
        "intrinsics.json",
    ] {
        let doc = load(file);
        for resource in &doc.resources {
            let mut paths = Vec::new();
            collect_paths(&resource.attributes, &mut Vec::new(), &mut paths);
            for path in paths {
                assert!(
                    resource.attribute_spans.contains_key(&path),
                    "{file}: {}.{path:?} has no span",
                    resource.id
                );
            }
        }
    }
}

/// Paths of every value below `value` that the template wrote literally (not inside the
/// result of an intrinsic function such as a mapping's list).
fn collect_paths(value: &Value, path: &mut Vec<PathSegment>, out: &mut Vec<Vec<PathSegment>>) {
    match value {
        Value::Map(map) => {
            for (k, v) in map {
                path.push(key(k));
                out.push(path.clone());
                if !matches!(k.as_str(), "FindInMapList" | "RefList" | "Split") {
                    collect_paths(v, path, out);
                }
                path.pop();
            }
        }
        Value::List(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(PathSegment::Index(i));
                out.push(path.clone());
                collect_paths(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[test]
fn syntax_errors_point_at_their_line() {
    let (source, e) = load_error("syntax-error.yaml");
    assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
    assert_eq!(source.line_col(e.span.unwrap().start).line, 5);
    let (source, e) = load_error("syntax-error.json");
    assert!(e.message.starts_with("invalid JSON"), "{}", e.message);
    assert_eq!(source.line_col(e.span.unwrap().start).line, 6);
    // End to end: a notification with the location.
    let note = load_path(fixture("syntax-error.yaml")).unwrap_err();
    assert_eq!(note.level, Level::Error);
    assert_eq!(note.location.unwrap().start.line, 5);
}

// ---------------------------------------------------------------------------------------
// Bad resources and bad inputs

#[test]
fn resource_without_type_is_an_error_and_the_rest_loads() {
    for (file, bad_type_line) in [("missing-type.yaml", 8), ("missing-type.json", 7)] {
        let doc = load(file);
        assert_eq!(ids(&doc), ["First", "Last"], "{file}");
        assert_eq!(attr(&doc, "Last", "QueueName"), &s("q"));
        let errors = notes_at(&doc, Level::Error);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].0, 4, "{file}");
        assert!(errors[0].1.contains("NoType has no Type"), "{errors:?}");
        assert_eq!(errors[1].0, bad_type_line, "{file}");
        assert!(
            errors[1].1.contains("Type of resource BadType"),
            "{errors:?}"
        );
    }
}

#[test]
fn rain_modules_are_named_as_such_and_skipped() {
    for (file, line) in [("rain-module.yaml", 6), ("rain-module.json", 5)] {
        let doc = load(file);
        assert_eq!(ids(&doc), ["Logs"], "{file}");
        let errors = notes_at(&doc, Level::Error);
        assert_eq!(errors.len(), 1, "{file}: {errors:?}");
        assert_eq!(errors[0].0, line, "{file}");
        assert!(
            errors[0]
                .1
                .contains("Site is a Rain module (Rain::Module bucket.yaml)")
                && errors[0].1.contains("rain pkg"),
            "{file}: {errors:?}"
        );
    }
}

#[test]
fn alias_bombs_are_refused() {
    // Refused by the expansion bound (the message names it), not by running out of time
    // or memory: an unbounded expansion would not finish.
    for file in ["alias-bomb.yaml", "alias-bomb-plain.yaml"] {
        let note = load_path(fixture(file)).unwrap_err();
        assert_eq!(note.level, Level::Error);
        assert!(
            note.message.contains("alias") || note.message.contains("nodes"),
            "{file}: {}",
            note.message
        );
    }
    // Ordinary aliases still work.
    let doc = load("aliases.yaml");
    assert_eq!(
        resource(&doc, "A").attributes.get("SecurityGroupIngress"),
        resource(&doc, "B").attributes.get("SecurityGroupIngress")
    );
}

#[test]
fn transforms_and_foreach_are_reported_not_expanded() {
    let doc = load("transform.yaml");
    assert_eq!(ids(&doc), ["Function", "Topic"]);
    assert_eq!(resource(&doc, "Function").kind, "AWS::Serverless::Function");
    // AWS::Include beside other properties: dropped, the rest kept.
    let topic = resource(&doc, "Topic").attributes.as_map().unwrap();
    assert_eq!(topic.keys().collect::<Vec<_>>(), ["TopicName"]);
    let warnings = notes_at(&doc, Level::Warning);
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    assert_eq!(warnings[2].0, 17);
    assert!(warnings[2].1.contains("Fn::Transform in Resources"));
    assert_eq!(warnings[3].0, 25);
    assert!(warnings[3].1.contains("Fn::Transform"));
    assert_eq!(warnings[0].0, 2);
    assert!(warnings[0]
        .1
        .contains("AWS::LanguageExtensions, AWS::Serverless-2016-10-31"));
    assert_eq!(warnings[1].0, 6);
    assert!(warnings[1].1.contains("Fn::ForEach::Buckets"));
}

#[test]
fn malformed_intrinsics_warn_at_their_line_and_become_unknown() {
    let doc = load("malformed.yaml");
    let odd = resource(&doc, "Odd");
    for (property, line_no) in [
        ("GetAttNumber", 12),
        ("GetAttNoDot", 13),
        ("RefList", 14),
        ("JoinShort", 15),
        ("SelectOutOfRange", 16),
        ("SubNumber", 17),
        ("IfUnknownCondition", 18),
        ("RefUndefined", 19),
        ("GetAttUndefined", 20),
        ("FindInMapMissing", 21),
        ("Unsupported", 23),
        ("Preprocessor", 24),
    ] {
        assert!(
            odd.attr(property).is_some_and(Value::is_unknown),
            "{property}"
        );
        let warnings = notes_at(&doc, Level::Warning);
        assert!(
            warnings.iter().any(|(l, _)| *l == line_no),
            "no warning on line {line_no} for {property}: {warnings:?}"
        );
    }
    assert_eq!(odd.attr("Fine"), Some(&s("dev")));
    assert!(doc.notifications.iter().all(|n| n.level == Level::Warning));
}

#[test]
fn non_templates_are_load_errors() {
    for (text, message) in [
        ("- a\n- b\n", "must be a mapping"),
        ("Parameters: {}\n", "no Resources section"),
        ("Resources: [a]\n", "Resources must be a mapping"),
        ("", "empty"),
    ] {
        let source = SourceFile::new(PathBuf::from("t.yaml"), "t.yaml".into(), text);
        let e = palisade::load::cfn::load_yaml(&source).unwrap_err();
        assert!(e.message.contains(message), "{text:?}: {}", e.message);
    }
    let source = SourceFile::new(PathBuf::from("t.json"), "t.json".into(), "[1]");
    assert!(palisade::load::cfn::load_json(&source).is_err());
}

// ---------------------------------------------------------------------------------------
// Real templates

#[test]
fn real_templates_load_with_expected_resource_counts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/realworld/cloudformation");
    // (file, resources loaded, warnings)
    let expected: &[(&str, usize, usize)] = &[
        ("Neptune.yaml", 15, 0),
        ("RDS_MySQL_With_Read_Replica.yaml", 4, 0),
        ("ELBWithLockedDownAutoScaledInstances.yaml", 4, 0),
        ("ECS_Schedule_Example.json", 24, 0),
        ("VPCFlowLogsS3.cfn.json", 3, 0),
        // Transform warning + Fn::ForEach warning; its only resource is in the loop.
        ("fn-foreach-s3-outputs.json", 0, 2),
    ];
    for (name, count, warnings) in expected {
        let path = dir.join(name);
        // Through discovery's classifier, as a scan would.
        let kind = palisade::discover::classify::classify_path(&path)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .unwrap_or_else(|| panic!("{name} is not classified as a template"));
        let doc = palisade::load::load(&InputFile { path, kind })
            .unwrap_or_else(|n| panic!("{name}: {n:?}"));
        assert_eq!(doc.resources.len(), *count, "{name}: {:?}", ids(&doc));
        assert_eq!(
            messages(&doc, Level::Warning).len(),
            *warnings,
            "{name}: {:?}",
            doc.notifications
        );
        assert!(
            doc.notifications.iter().all(|n| n.level != Level::Error),
            "{name}: {:?}",
            doc.notifications
        );
        for resource in &doc.resources {
            assert!(
                resource.attributes.as_map().is_some(),
                "{name}: {}",
                resource.id
            );
        }
    }

    // Spot checks: conditions, parameter defaults, lines.
    let neptune = load_path(dir.join("Neptune.yaml")).unwrap_or_else(|n| panic!("{n:?}"));
    // `Condition: EnableAuditLogUpload` is `!Equals [!Ref UploadAuditLogs, Yes]`, default Yes.
    let role = resource(&neptune, "NeptuneRole");
    assert_eq!(line(&neptune, role.span.start), 489);
    let policies = role
        .attr("ManagedPolicyArns")
        .and_then(Value::as_list)
        .unwrap();
    assert_eq!(unknown(&policies[0]).refs, ["NeptuneCloudWatchPolicy"]);
    let rds =
        load_path(dir.join("RDS_MySQL_With_Read_Replica.yaml")).unwrap_or_else(|n| panic!("{n:?}"));
    // IsEC2VPC depends on AWS::Region: undecided, kept. EnableReadReplica defaults to "true".
    assert_eq!(
        ids(&rds),
        ["DBEC2SecurityGroup", "DBCredential", "MainDB", "ReplicaDB"]
    );
    // A Number parameter's default "5" is the number 5.
    assert_eq!(attr(&rds, "MainDB", "AllocatedStorage"), &n(5));
    let ecs = load_path(dir.join("ECS_Schedule_Example.json")).unwrap_or_else(|n| panic!("{n:?}"));
    let ssh = resource(&ecs, "EcsSecurityGroupSSHinbound");
    let cidr = ssh.span_of(&[key("CidrIp")]);
    assert_eq!(line(&ecs, cidr.start), 140);
}

/// A template `cdk synth` wrote: each resource's `Metadata["aws:cdk:path"]` is kept, and a
/// finding on it names the construct, in its message, in JSON and as a SARIF logical
/// location.
#[test]
fn cdk_construct_paths_name_the_construct_in_findings() {
    let doc = load("cdk-path.json");
    assert_eq!(
        resource(&doc, "BastionSecurityGroupA1B2C3D4")
            .construct_path
            .as_deref(),
        Some("Platform/Network/BastionSecurityGroup/Resource")
    );
    // `cdk synth` concatenates with `Fn::Join` and an empty delimiter; the shape of the
    // text is kept as `Fn::Sub` keeps it.
    let policy = resource(&doc, "BucketPolicy");
    let resources = policy
        .attributes
        .pointer(&[
            key("PolicyDocument"),
            key("Statement"),
            PathSegment::Index(0),
            key("Resource"),
        ])
        .unwrap();
    let Value::List(resources) = resources else {
        panic!("{resources:?}")
    };
    assert_eq!(
        unknown(&resources[0]).template.as_deref(),
        Some("arn:${AWS::Partition}:s3:::logs")
    );
    assert_eq!(
        unknown(&resources[1]).template.as_deref(),
        Some("${BastionSecurityGroupA1B2C3D4}/*")
    );
    assert_eq!(
        unknown(&resources[1]).refs,
        ["BastionSecurityGroupA1B2C3D4"]
    );
    let (policies, notes) = palisade::policy::PolicySet::load(&palisade::policy::PolicySources {
        builtin: true,
        ..Default::default()
    });
    assert!(notes.is_empty(), "{notes:?}");
    let report = palisade::scan::scan(
        &palisade::scan::ScanConfig {
            paths: vec![fixture("cdk-path.json")],
            ..Default::default()
        },
        &policies,
    );
    let ssh = report
        .findings
        .iter()
        .find(|f| f.rule_id == "PAL-NET-001")
        .unwrap_or_else(|| panic!("no PAL-NET-001 in {:#?}", report.findings));
    assert_eq!(ssh.resource, "BastionSecurityGroupA1B2C3D4");
    assert!(
        ssh.message
            .ends_with("(construct: Platform/Network/BastionSecurityGroup/Resource)"),
        "{}",
        ssh.message
    );
    assert!(report
        .findings
        .iter()
        .filter(|f| f.resource == "BastionSecurityGroupA1B2C3D4")
        .all(|f| f.construct.as_deref() == Some("Platform/Network/BastionSecurityGroup/Resource")));

    let mut json = Vec::new();
    palisade::report::json::render(&report, &mut json).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert!(json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["construct"] == "Platform/Network/BastionSecurityGroup/Resource"));

    let mut sarif = Vec::new();
    palisade::report::sarif::render(
        &report,
        &palisade::report::RenderOptions::default(),
        &mut sarif,
    )
    .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&sarif).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "PAL-NET-001")
        .unwrap();
    let logical = &result["locations"][0]["logicalLocations"];
    assert_eq!(logical[0]["name"], "BastionSecurityGroupA1B2C3D4");
    assert_eq!(
        logical[1]["fullyQualifiedName"],
        "Platform/Network/BastionSecurityGroup/Resource"
    );
    assert_eq!(logical[1]["kind"], "module");
    assert_eq!(
        result["properties"]["construct"],
        "Platform/Network/BastionSecurityGroup/Resource"
    );
}
