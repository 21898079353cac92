//! Terraform files are not inputs one by one: each directory holding `.tf` / `.tf.json`
//! files is one root module. A directory that another discovered directory calls as a
//! *local* module (`source = "./modules/x"`) is scanned through that call, with the
//! caller's inputs, and not again as a root (its findings would be duplicates, judged on
//! variables that all lack values). Which directories call which is read from the
//! `source` arguments' text here, without parsing: the loader parses each file once.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::{Discovered, InputFile, InputKind};
use crate::diagnostics::{Notification, Stage};
use crate::load::hcl::normalize_path as normalize;
use crate::load::hcl::{is_local_source, module_files};
use crate::load::read::MaxFileSize;
use crate::source::display_path;

#[derive(Default)]
pub struct Modules {
    /// Directories with Terraform files met while walking.
    found: BTreeSet<PathBuf>,
    /// Directories of `.tf` files named on the command line: always roots.
    named: BTreeSet<PathBuf>,
    /// Files above the size limit are not read for their calls (the loader reports them).
    max_file_size: MaxFileSize,
}

fn dir_of(file: &Path) -> PathBuf {
    let dir = normalize(file.parent().unwrap_or(Path::new(".")));
    if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    }
}

impl Modules {
    pub fn new(max_file_size: MaxFileSize) -> Self {
        Modules {
            max_file_size,
            ..Modules::default()
        }
    }

    pub fn add(&mut self, file: &Path) {
        self.found.insert(dir_of(file));
    }

    pub fn add_named(&mut self, file: &Path) {
        self.named.insert(dir_of(file));
    }

    /// Adds one input per root module to `found`, and a note per directory scanned only
    /// as a called module.
    pub fn resolve(&self, found: &mut Discovered) {
        let calls: BTreeMap<&PathBuf, BTreeSet<PathBuf>> = self
            .found
            .iter()
            .map(|dir| {
                let callees = local_calls(dir, self.max_file_size)
                    .into_iter()
                    .filter(|callee| callee != dir && self.found.contains(callee))
                    .collect();
                (dir, callees)
            })
            .collect();
        let called: BTreeSet<&PathBuf> = calls.values().flatten().collect();
        // Roots: directories nobody calls; then, for groups that only call each other
        // (a cycle with no way in), the first of each, so nothing goes unscanned.
        let mut roots: BTreeSet<&PathBuf> =
            self.found.iter().filter(|d| !called.contains(d)).collect();
        let mut reached: BTreeSet<PathBuf> = BTreeSet::new();
        let reach = |start: &PathBuf, reached: &mut BTreeSet<PathBuf>| {
            let mut queue: VecDeque<PathBuf> = VecDeque::from([start.clone()]);
            while let Some(dir) = queue.pop_front() {
                for callee in calls.get(&dir).into_iter().flatten() {
                    if reached.insert(callee.clone()) {
                        queue.push_back(callee.clone());
                    }
                }
            }
        };
        for root in &roots {
            reach(root, &mut reached);
        }
        for dir in &self.found {
            if !roots.contains(dir) && !reached.contains(dir) {
                roots.insert(dir);
                reach(dir, &mut reached);
            }
        }
        for dir in self.found.iter().chain(&self.named) {
            let is_root = roots.contains(dir) || self.named.contains(dir);
            if is_root {
                found.files.push(InputFile {
                    path: dir.clone(),
                    kind: InputKind::TerraformModule,
                });
            } else {
                let callers: Vec<String> = calls
                    .iter()
                    .filter(|(_, callees)| callees.contains(dir))
                    .map(|(caller, _)| display_path(caller))
                    .collect();
                found.notifications.push(
                    Notification::note(
                        Stage::Discover,
                        format!(
                            "scanned as a module called from {}, not as a root module",
                            callers.join(", ")
                        ),
                    )
                    .in_file(display_path(dir)),
                );
            }
        }
    }
}

/// Directories a module calls through local `source` paths.
fn local_calls(dir: &Path, max_file_size: MaxFileSize) -> Vec<PathBuf> {
    static SOURCE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let Some(pattern) = SOURCE
        .get_or_init(|| regex::Regex::new(r#"(?m)^\s*"?source"?\s*[=:]\s*"([^"]*)""#).ok())
        .as_ref()
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for file in module_files(dir) {
        let Ok(text) = crate::load::read::read_text(&file, max_file_size) else {
            continue;
        };
        for capture in pattern.captures_iter(&text) {
            if let Some(source) = capture.get(1).map(|m| m.as_str()) {
                if is_local_source(source) {
                    out.push(normalize(&dir.join(source)));
                }
            }
        }
    }
    out
}
