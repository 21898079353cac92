//! Discover: expand the paths the user gave into a sorted list of input files, each
//! classified by its content. Knows nothing of how files are loaded.

pub mod classify;
mod terraform;

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

pub use classify::InputKind;

use crate::diagnostics::{Notification, Stage};
use crate::source::display_path;

/// Directories that hold tool state or vendored code, never the user's infrastructure.
const SKIPPED_DIRS: &[&str] = &[".git", ".terraform", "node_modules"];

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    pub path: PathBuf,
    pub kind: InputKind,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<InputFile>,
    /// Files looked at and found not to be infrastructure code.
    pub skipped: Vec<PathBuf>,
    pub notifications: Vec<Notification>,
}

/// Builds the exclude matcher; globs match the path as displayed (relative, `/`-separated)
/// and also any single path component, so `--exclude vendor` and `--exclude '**/test/*.json'`
/// both do what users expect.
pub fn exclude_set(globs: &[String]) -> Result<GlobSet, globset::Error> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(Glob::new(glob)?);
    }
    builder.build()
}

pub fn discover(paths: &[PathBuf], excludes: &GlobSet) -> Discovered {
    discover_with(
        paths,
        excludes,
        NamedFiles::MustBeInputs,
        crate::load::read::MaxFileSize::DEFAULT,
    )
}

/// What a file named on the command line that is not infrastructure code means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedFiles {
    /// A mistake: an error (`palisade scan notes.yaml`).
    MustBeInputs,
    /// Expected: a hook passes every changed file whose name matches a pattern, so a
    /// Kubernetes manifest or `package.json` is skipped like any other non-input.
    MayBeOther,
}

/// [`discover`], saying what named files may be and the file size limit (files above it
/// are still discovered, for the loader to refuse by name, but not read here).
pub fn discover_with(
    paths: &[PathBuf],
    excludes: &GlobSet,
    named: NamedFiles,
    max_file_size: crate::load::read::MaxFileSize,
) -> Discovered {
    let mut found = Discovered::default();
    let mut modules = terraform::Modules::new(max_file_size);
    // Directories of AWS CLI exports: each is one scan unit, however many files it has.
    let mut live_units = std::collections::BTreeSet::new();
    for root in paths {
        if root.is_file() && crate::load::hcl::is_terraform_file(root) {
            // A `.tf` file named explicitly means its directory's module.
            modules.add_named(root);
            continue;
        }
        if named == NamedFiles::MayBeOther && root.is_file() && is_tfvars(root) {
            // A changed variables file: its module is what changes.
            modules.add_named(root);
            continue;
        }
        if root.is_file() {
            // A file named explicitly must be something palisade reads.
            match classify::classify_path(root) {
                Ok(Some(InputKind::AwsCli)) => {
                    live_units.insert(crate::load::live::unit_dir(root));
                }
                Ok(Some(kind)) => found.files.push(InputFile {
                    path: root.clone(),
                    kind,
                }),
                Ok(None) if named == NamedFiles::MayBeOther => found.skipped.push(root.clone()),
                Ok(None) => found.notifications.push(
                    Notification::error(
                        Stage::Discover,
                        "not a recognised input (Terraform plan or state, CloudFormation template, AWS Config \
                         or AWS CLI export)",
                    )
                    .in_file(display_path(root)),
                ),
                Err(e) => found.notifications.push(
                    Notification::error(Stage::Discover, e.to_string()).in_file(display_path(root)),
                ),
            }
            continue;
        }
        if !root.exists() {
            found.notifications.push(
                Notification::error(Stage::Discover, "no such file or directory")
                    .in_file(display_path(root)),
            );
            continue;
        }
        walk(root, excludes, &mut found, &mut modules, &mut live_units);
    }
    modules.resolve(&mut found);
    found
        .files
        .extend(live_units.into_iter().map(|path| InputFile {
            path,
            kind: InputKind::AwsCli,
        }));
    found.files.sort();
    found.files.dedup();
    found.skipped.sort();
    found.skipped.dedup();
    found
}

fn walk(
    root: &Path,
    excludes: &GlobSet,
    found: &mut Discovered,
    modules: &mut terraform::Modules,
    live_units: &mut std::collections::BTreeSet<PathBuf>,
) {
    let canonical_root = root.canonicalize().ok();
    let mut outside = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let skipped_dir = entry.depth() > 0
                && entry.file_type().is_dir()
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|name| SKIPPED_DIRS.contains(&name));
            if skipped_dir || is_excluded(entry.path(), excludes) {
                return false;
            }
            match (entry.path_is_symlink(), &canonical_root) {
                (true, Some(root)) => match points_outside(entry.path(), root) {
                    Some(target) => {
                        outside.push((entry.path().to_path_buf(), target));
                        false
                    }
                    None => true,
                },
                _ => true,
            }
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.into_path();
                if crate::load::hcl::is_terraform_file(&path) {
                    modules.add(&path);
                    continue;
                }
                match classify::classify_path(&path) {
                    Ok(Some(InputKind::AwsCli)) => {
                        live_units.insert(crate::load::live::unit_dir(&path));
                    }
                    Ok(Some(kind)) => found.files.push(InputFile { path, kind }),
                    Ok(None) => found.skipped.push(path),
                    Err(e) => found.notifications.push(
                        Notification::error(Stage::Discover, e.to_string())
                            .in_file(display_path(&path)),
                    ),
                }
            }
            Ok(_) => {}
            Err(e) => {
                let file = e
                    .path()
                    .map(display_path)
                    .unwrap_or_else(|| display_path(root));
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop: not followed".to_owned()
                } else {
                    e.io_error()
                        .map_or_else(|| e.to_string(), |io| format!("cannot read: {io}"))
                };
                found
                    .notifications
                    .push(Notification::error(Stage::Discover, message).in_file(file));
            }
        }
    }
    // Like a remote module source, a link out of the tree is something palisade chose not
    // to read rather than failed to: said, but the scan is not incomplete for it.
    for (link, target) in outside {
        found.notifications.push(
            Notification::warning(
                Stage::Discover,
                format!(
                    "symbolic link to {} points outside the scanned tree: not followed",
                    crate::source::escape_controls(&target.to_string_lossy())
                ),
            )
            .in_file(display_path(&link)),
        );
    }
}

/// The link's target as written, if it leads outside `root` (canonical). A scan reads
/// only the tree it was given, so a link in a pull request cannot make it read `/etc` or
/// a home directory. The target is reported as the link spells it, not resolved, so a
/// report does not disclose the scanning machine's directories. A dangling link is left
/// to the walk, which reports it as unreadable.
fn points_outside(link: &Path, root: &Path) -> Option<PathBuf> {
    let resolved = link.canonicalize().ok()?;
    if resolved.starts_with(root) {
        return None;
    }
    Some(std::fs::read_link(link).unwrap_or(resolved))
}

fn is_tfvars(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".tfvars") || n.ends_with(".tfvars.json"))
}

fn is_excluded(path: &Path, excludes: &GlobSet) -> bool {
    if excludes.is_empty() {
        return false;
    }
    let shown = display_path(path);
    excludes.is_match(&shown)
        || excludes.is_match(path)
        || path
            .file_name()
            .is_some_and(|name| excludes.is_match(Path::new(name)))
}
