//! The opened workspace folder: every path the UI sends is resolved here and must stay
//! inside it (no absolute paths, no `..`, no symlink that leads out).

use crate::types::WorkspaceFile;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Largest buffer accepted over IPC or read from disk (the document layer allows more, but
/// an editor buffer this big is a mistake, not a spec).
pub const MAX_TEXT: usize = 16 * 1024 * 1024;
/// Longest workspace-relative path accepted over IPC.
pub const MAX_PATH: usize = 1024;
/// Most files listed in the tree; deeper or later ones are left out.
const MAX_FILES: usize = 5000;
const MAX_DEPTH: usize = 12;

#[derive(Clone, Debug)]
pub struct Workspace {
    /// Canonical absolute folder.
    pub root: PathBuf,
}

impl Workspace {
    /// Opens a folder, or the folder of a spec file (which is then the initial file).
    pub fn open(path: &Path) -> Result<(Workspace, Option<String>), String> {
        let canon =
            fs::canonicalize(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        if canon.is_dir() {
            let ws = Workspace { root: canon };
            let initial = ws.first_spec();
            Ok((ws, initial))
        } else if canon.is_file() {
            let root = canon
                .parent()
                .ok_or_else(|| format!("{} has no parent folder", canon.display()))?
                .to_path_buf();
            let ws = Workspace { root };
            let initial = ws.rel(&canon);
            Ok((ws, initial))
        } else {
            Err(format!("{} is neither a file nor a folder", path.display()))
        }
    }

    pub fn name(&self) -> String {
        self.root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.root.display().to_string())
    }

    /// Resolves a workspace-relative path sent by the UI; refuses anything that could leave
    /// the workspace.
    pub fn resolve(&self, rel: &str) -> Result<PathBuf, String> {
        if rel.is_empty() || rel.len() > MAX_PATH || rel.contains('\0') {
            return Err("invalid path".into());
        }
        let p = Path::new(rel);
        if !p
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return Err(format!("path {rel:?} is not inside the workspace"));
        }
        let abs = self.root.join(p);
        // Canonicalise what exists so a symlink cannot point outside.
        let canon = match fs::canonicalize(&abs) {
            Ok(c) => c,
            Err(_) => {
                let parent = abs.parent().ok_or("invalid path")?;
                let name = abs.file_name().ok_or("invalid path")?;
                fs::canonicalize(parent)
                    .map_err(|e| format!("cannot resolve {rel}: {e}"))?
                    .join(name)
            }
        };
        if canon.starts_with(&self.root) {
            Ok(canon)
        } else {
            Err(format!("path {rel:?} is not inside the workspace"))
        }
    }

    /// The workspace-relative, `/`-separated name of an absolute path inside it.
    pub fn rel(&self, abs: &Path) -> Option<String> {
        let rel = abs.strip_prefix(&self.root).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        (!parts.is_empty()).then(|| parts.join("/"))
    }

    /// YAML and JSON files under the root, sorted; hidden folders, node_modules and target
    /// are skipped.
    pub fn list(&self) -> Vec<WorkspaceFile> {
        let mut out = Vec::new();
        self.walk(&self.root, 0, &mut out);
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    fn walk(&self, dir: &Path, depth: usize, out: &mut Vec<WorkspaceFile>) {
        if depth > MAX_DEPTH || out.len() >= MAX_FILES {
            return;
        }
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            if out.len() >= MAX_FILES {
                return;
            }
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let Ok(ft) = e.file_type() else { continue };
            let path = e.path();
            if ft.is_dir() {
                if name != "node_modules" && name != "target" {
                    self.walk(&path, depth + 1, out);
                }
            } else if ft.is_file() && is_spec_like(&path) {
                let size = e.metadata().map(|m| m.len()).unwrap_or(0);
                if let Some(rel) = self.rel(&path) {
                    out.push(WorkspaceFile {
                        path: rel,
                        spec: size as usize <= MAX_TEXT && looks_like_root(&path),
                        size,
                    });
                }
            }
        }
    }

    /// The spec to open first: `openapi.*` nearest the root, else the first spec.
    fn first_spec(&self) -> Option<String> {
        let files = self.list();
        let specs = files.iter().filter(|f| f.spec);
        let depth = |p: &str| p.matches('/').count();
        specs
            .min_by_key(|f| {
                let named = f
                    .path
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .starts_with("openapi.");
                (!named, depth(&f.path), f.path.clone())
            })
            .map(|f| f.path.clone())
    }
}

pub fn is_spec_like(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// Whether a file starts like an OpenAPI or Swagger root: a top-level `openapi`/`swagger` key
/// in its first 64 KiB. Cheap enough for the tree; the lint run loads it for real.
fn looks_like_root(path: &Path) -> bool {
    use std::io::Read;
    let mut buf = vec![0u8; 64 * 1024];
    let n = fs::File::open(path)
        .and_then(|mut f| f.read(&mut buf))
        .unwrap_or(0);
    let head = String::from_utf8_lossy(&buf[..n]);
    head.lines().any(|l| {
        let t = l.trim_start();
        let indent = l.len() - t.len();
        let t = t.trim_start_matches('{');
        (indent == 0 && (t.starts_with("openapi:") || t.starts_with("swagger:")))
            || (indent <= 4 && (t.starts_with("\"openapi\"") || t.starts_with("\"swagger\"")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("api/sub")).unwrap();
        fs::write(dir.path().join("api/openapi.yaml"), "openapi: 3.0.3\n").unwrap();
        fs::write(dir.path().join("api/sub/parts.yaml"), "components: {}\n").unwrap();
        fs::write(dir.path().join("notes.txt"), "x").unwrap();
        fs::create_dir_all(dir.path().join(".git")).unwrap();
        fs::write(dir.path().join(".git/config.yaml"), "a: 1").unwrap();
        let (w, initial) = Workspace::open(dir.path()).unwrap();
        assert_eq!(initial.as_deref(), Some("api/openapi.yaml"));
        (dir, w)
    }

    #[test]
    fn lists_yaml_and_json_but_not_hidden_or_other_files() {
        let (_d, w) = ws();
        let files = w.list();
        let names: Vec<_> = files.iter().map(|f| (f.path.as_str(), f.spec)).collect();
        assert_eq!(
            names,
            vec![("api/openapi.yaml", true), ("api/sub/parts.yaml", false)]
        );
    }

    #[test]
    fn resolve_accepts_inside_paths_only() {
        let (_d, w) = ws();
        assert!(w.resolve("api/openapi.yaml").is_ok());
        assert!(
            w.resolve("api/new.yaml").is_ok(),
            "a file yet to be written"
        );
        for bad in [
            "",
            "../x.yaml",
            "api/../../x",
            "/etc/passwd",
            "a\0b",
            &"a/".repeat(600),
        ] {
            assert!(w.resolve(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[cfg(unix)]
    #[test]
    fn resolve_refuses_symlinks_out_of_the_workspace() {
        let (d, w) = ws();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.yaml"), "x: 1").unwrap();
        std::os::unix::fs::symlink(outside.path(), d.path().join("link")).unwrap();
        assert!(w.resolve("link/secret.yaml").is_err());
    }

    #[test]
    fn opening_a_spec_file_opens_its_folder_with_that_file_first() {
        let (d, _w) = ws();
        let (w, initial) = Workspace::open(&d.path().join("api/sub/parts.yaml")).unwrap();
        assert_eq!(w.root, fs::canonicalize(d.path().join("api/sub")).unwrap());
        assert_eq!(initial.as_deref(), Some("parts.yaml"));
    }
}
